package org.backplane.service.restore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.backplane.service.job.ComponentStatus;

import org.springframework.modulith.NamedInterface;

/**
 * What a backup's answer shows of each of its restores (native and DC/OS API): read
 * straight from the rows for a page of backups ({@link RestoreService#summariesFor}), or
 * taken from an entity ({@link #of(Restore)}), so that both are written by the same
 * mapping.
 *
 * @param id the restore's id
 * @param backupId the backup restored
 * @param status its status
 * @param createdAt when it was created
 * @param createdBy who started it, or {@code null}
 * @param componentStatus each component's status, in restore order
 */
@NamedInterface("api")
public record RestoreView(String id, String backupId, RestoreStatus status, Instant createdAt, String createdBy,
		Map<String, ComponentStatus> componentStatus) {

	/**
	 * @param restore a restore entity
	 * @return what a backup's answer shows of it
	 */
	public static RestoreView of(Restore restore) {
		Map<String, ComponentStatus> statuses = new LinkedHashMap<>();
		for (RestoreComponent component : restore.getComponents()) {
			statuses.put(component.getName(), component.getStatus());
		}
		return new RestoreView(restore.getId(), restore.getBackupId(), restore.getStatus(), restore.getCreatedAt(),
				restore.getCreatedBy(), statuses);
	}

}
