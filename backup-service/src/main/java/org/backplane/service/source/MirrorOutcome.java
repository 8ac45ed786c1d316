package org.backplane.service.source;

import java.time.Instant;

import org.backplane.service.source.MirroredSourceComponent.MirrorResult;

/**
 * A mirror that a backup ran once it was stored (parameter {@code MIRROR=true}, as the
 * {@code backup} plan sets it), published when it ended, so that it is recorded as a
 * mirror run of the component (package {@code mirror}) beside the runs started on their
 * own.
 *
 * @param component the component mirrored
 * @param backupId the backup that ran it
 * @param createdBy who asked for the backup
 * @param startedAt when the mirror started
 * @param objectsLookedAt objects looked at
 * @param bytesLookedAt bytes looked at
 * @param result what it did, or {@code null} if it failed
 * @param errorReason why it failed, or {@code null}; never holds secrets
 */
public record MirrorOutcome(String component, String backupId, String createdBy, Instant startedAt,
		long objectsLookedAt, long bytesLookedAt, MirrorResult result, String errorReason) {

}
