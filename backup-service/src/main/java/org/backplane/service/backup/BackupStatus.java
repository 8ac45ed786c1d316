package org.backplane.service.backup;

import java.util.EnumSet;
import java.util.Set;

import org.backplane.service.job.IllegalTransitionException;

import org.springframework.modulith.NamedInterface;

/**
 * The lifecycle of a backup, with the table of allowed transitions. Entities change
 * status only through {@link #checkTransition}; names are the wire values.
 */
@NamedInterface("api")
public enum BackupStatus {

	/** Being written; the row is saved in this state before any work starts. */
	STATUS_BACKING_UP,

	/** Complete: every artifact and, last, the manifest are stored. */
	STATUS_READY,

	/**
	 * Failed; the error reason says why. Partial artifacts were removed. Terminal. Also a
	 * READY backup whose manifest or artifacts vanished from storage (reason
	 * {@code missing on storage}, found by the catalogue sync), and a backup being
	 * deleted (its objects may already be gone) until its record is removed.
	 */
	STATUS_ERROR,

	/**
	 * A restore from this backup is running; it returns to {@link #STATUS_READY} when
	 * that ends.
	 */
	STATUS_RESTORING;

	static {
		STATUS_BACKING_UP.next = EnumSet.of(STATUS_READY, STATUS_ERROR);
		// READY -> ERROR: a deletion started (the objects may be half gone until the
		// record is removed), or its objects vanished from storage (catalogue sync)
		STATUS_READY.next = EnumSet.of(STATUS_RESTORING, STATUS_ERROR);
		STATUS_RESTORING.next = EnumSet.of(STATUS_READY);
		STATUS_ERROR.next = EnumSet.noneOf(BackupStatus.class);
	}

	private Set<BackupStatus> next;

	/**
	 * @param target a status
	 * @return whether this status may change to {@code target}
	 */
	public boolean canTransitionTo(BackupStatus target) {
		return this.next.contains(target);
	}

	/**
	 * @return the statuses this one may change to
	 */
	public Set<BackupStatus> allowedTransitions() {
		return EnumSet.copyOf(this.next.isEmpty() ? EnumSet.noneOf(BackupStatus.class) : this.next);
	}

	/**
	 * @return whether a backup in this status may be deleted (no job is using it)
	 */
	public boolean isDeletable() {
		return this == STATUS_READY || this == STATUS_ERROR;
	}

	/**
	 * Checks a transition.
	 * @param id the backup's id, for the message
	 * @param target the wanted status
	 * @throws IllegalTransitionException if the table does not allow it
	 */
	void checkTransition(String id, BackupStatus target) {
		if (!canTransitionTo(target)) {
			throw new IllegalTransitionException("backup", id, name(), target.name());
		}
	}

}
