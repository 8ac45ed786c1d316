package org.backplane.client.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Body of {@code POST /api/v1/backups}.
 *
 * @param label the label: 3–25 characters matching
 * {@code ^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*$}
 * @param components the components to back up; {@code null} or empty for all configured
 * ones
 * @param storageLocation the name of a configured storage location; {@code null} for the
 * default
 * @param parameters per-request settings such as credentials; used for this job only and
 * never stored in clear; may be {@code null}
 */
public record CreateBackupRequest(String label, List<String> components, String storageLocation,
		Map<String, String> parameters) {

	@JsonCreator(mode = JsonCreator.Mode.DISABLED) // not a creator from a JSON value:
													// "abc",
													// true, 1 stay a 400
	public CreateBackupRequest(String label) {
		this(label, null, null, null);
	}

	public CreateBackupRequest(String label, List<String> components) {
		this(label, components, null, null);
	}

	@Override
	public String toString() {
		return "CreateBackupRequest[label=" + this.label + ", components=" + this.components + ", storageLocation="
				+ this.storageLocation + ", parameters=" + ((this.parameters != null) ? this.parameters.keySet() : "[]")
				+ "]";
	}

}
