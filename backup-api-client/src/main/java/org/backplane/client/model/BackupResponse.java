package org.backplane.client.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A backup as {@code GET /api/v1/backups/{id}} shows it.
 *
 * @param id the backup's id, {@code <label>-<uuid4>}
 * @param label its label
 * @param status its status
 * @param version the version of the service that made it
 * @param storageLocation where it is stored (a location name and URI, secrets redacted),
 * as one line; kept for compatibility, see {@code storage}
 * @param storage where its data actually went: the location's name, its redacted URI, the
 * bucket or container and the endpoint used (those a request's parameters chose, if any)
 * @param createdAt when it was requested
 * @param createdBy who started it (the caller's name, {@code anonymous} without
 * authentication), or {@code null} for a backup made before it was recorded
 * @param updatedAt when its row last changed
 * @param completedAt when it became READY or ERROR, or {@code null}
 * @param errorReason why it failed, or {@code null}
 * @param sizeBytes the total size of its artifacts in bytes
 * @param progress overall progress
 * @param components each component's result, in backup order
 * @param restores the restores made from it, newest first
 * @param verification its last verification, or {@code null} if it was never verified
 * @param verifyFailed whether its last verification found it damaged, incomplete or
 * unreadable (nothing is deleted for it)
 * @param pinned whether it is pinned: never deleted, by retention or by hand, while it is
 * set
 * @param attempts which run of the backup this is: 1, or more when its runner died and it
 * was run again ({@code backplane.runner.retry-interrupted})
 */
public record BackupResponse(String id, String label, BackupStatus status, String version, String storageLocation,
		BackupStorage storage, Instant createdAt, String createdBy, Instant updatedAt, Instant completedAt,
		String errorReason, long sizeBytes, Progress progress, Map<String, ComponentResult> components,
		List<RestoreSummary> restores, Verification verification, boolean verifyFailed, boolean pinned, int attempts) {
}
