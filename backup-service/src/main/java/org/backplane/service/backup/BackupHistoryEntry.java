package org.backplane.service.backup;

import java.time.Instant;

import org.springframework.modulith.NamedInterface;

/**
 * A backup as retention sees it: when it was made, its status, and what protects it.
 *
 * @param id its id
 * @param label its label (a schedule's backups carry the schedule's name)
 * @param status its status
 * @param createdAt when it was requested; retention buckets backups by this time
 * @param pinned whether it is pinned (never deleted while it is)
 * @param deletingSince when its deletion started, or {@code null} if it is not being
 * deleted
 */
@NamedInterface("api")
public record BackupHistoryEntry(String id, String label, BackupStatus status, Instant createdAt, boolean pinned,
		Instant deletingSince) {

	/**
	 * @return whether a deletion of it started and did not end
	 */
	public boolean deleting() {
		return this.deletingSince != null;
	}

	/**
	 * What retention needs to know of one label's complete backups (READY or RESTORING,
	 * not being deleted) before it walks them newest first, so that the walk holds a
	 * bounded state.
	 *
	 * @param newestComplete the creation time of the newest, or {@code null} if there is
	 * none
	 * @param latestComplete the creation time of the newest not made after now (the
	 * newest if all are), from which {@code keepWithin} counts; {@code null} if there is
	 * none
	 * @param oldestCompleteId the id of the oldest (kept by a counting rule whose count
	 * is not used up), or {@code null} if there is none
	 */
	public record Summary(Instant newestComplete, Instant latestComplete, String oldestCompleteId) {
	}

}
