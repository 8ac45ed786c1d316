package org.backplane.client.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A mirror run ({@code POST /api/v1/components/{name}/mirror} answers it 202 with its
 * Location, {@code GET /api/v1/components/{name}/mirror-runs/{runId}} reads it). The
 * counters are {@code null} until the run is {@link MirrorRunStatus#STATUS_READY}.
 *
 * @param id the run's id ({@code mirror:<uuid>})
 * @param component the component mirrored
 * @param status where the run is
 * @param createdAt when it was asked for
 * @param createdBy who asked
 * @param updatedAt its last change
 * @param completedAt when it ended, or {@code null}
 * @param errorReason why it failed, or {@code null}
 * @param progress objects and bytes looked at so far (no totals: a mirror run lists as it
 * goes)
 * @param buckets each source bucket and the mirror bucket it was copied into
 * @param objects objects in the source buckets
 * @param copied objects copied because they were new or changed
 * @param copiedBytes bytes copied
 * @param unchanged objects left alone because the mirror holds them unchanged
 * @param deletedObjects objects deleted at the mirror because the source no longer has
 * them
 * @param deletedBuckets mirror buckets deleted because their source bucket was deleted
 * @param backupId the backup that ran this mirror once it was stored (parameter
 * {@code MIRROR=true}, as the {@code backup} plan sets it), or {@code null} for a run
 * started on its own
 */
public record MirrorRunResponse(String id, String component, MirrorRunStatus status, Instant createdAt,
		String createdBy, Instant updatedAt, Instant completedAt, String errorReason, Progress progress,
		Map<String, String> buckets, Long objects, Long copied, Long copiedBytes, Long unchanged, Long deletedObjects,
		List<String> deletedBuckets, String backupId) {

}
