package org.backplane.client.model;

import java.util.Map;

/**
 * Optional body of {@code DELETE /api/v1/backups/{id}}.
 *
 * @param parameters per-request credentials for the backup's storage location, as on
 * create and restore (the backup's recorded bucket or container is used; naming another
 * is refused); used for this delete only, never stored; may be {@code null}
 */
public record DeleteBackupRequest(Map<String, String> parameters) {

	@Override
	public String toString() {
		return "DeleteBackupRequest[parameters=" + ((this.parameters != null) ? this.parameters.keySet() : "[]") + "]";
	}

}
