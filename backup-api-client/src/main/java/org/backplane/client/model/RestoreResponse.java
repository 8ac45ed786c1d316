package org.backplane.client.model;

import java.time.Instant;
import java.util.Map;

/**
 * A restore as {@code GET /api/v1/backups/{id}/restores/{restoreId}} shows it.
 *
 * @param id the restore's id (never a valid backup id)
 * @param backupId the backup it restores
 * @param status its status
 * @param policy the restore policy requested ({@code null} when each component's own was
 * used)
 * @param targetPath the target path requested, or {@code null}
 * @param createdAt when it was requested
 * @param createdBy who started it (the caller's name, {@code anonymous} without
 * authentication), or {@code null} for a restore made before it was recorded
 * @param updatedAt when its row last changed
 * @param completedAt when it became READY or ERROR, or {@code null}
 * @param errorReason why it failed, or {@code null}
 * @param progress overall progress
 * @param components each component's result
 * @param safetyBackupId the backup taken of the targets just before an {@code overwrite}
 * restore replaced them (for sources that ask for one, e.g. ZooKeeper), or {@code null}
 */
public record RestoreResponse(String id, String backupId, RestoreStatus status, String policy, String targetPath,
		Instant createdAt, String createdBy, Instant updatedAt, Instant completedAt, String errorReason,
		Progress progress, Map<String, ComponentResult> components, String safetyBackupId) {
}
