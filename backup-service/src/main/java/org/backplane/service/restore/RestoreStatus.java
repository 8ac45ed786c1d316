package org.backplane.service.restore;

import java.util.EnumSet;
import java.util.Set;

import org.backplane.service.job.IllegalTransitionException;

import org.springframework.modulith.NamedInterface;

/**
 * The lifecycle of a restore, with the table of allowed transitions.
 */
@NamedInterface("api")
public enum RestoreStatus {

	/** Running; the row is saved in this state before any work starts. */
	STATUS_RESTORING,

	/** Completed. Terminal. */
	STATUS_READY,

	/** Failed; the error reason says why. Terminal. */
	STATUS_ERROR;

	static {
		STATUS_RESTORING.next = EnumSet.of(STATUS_READY, STATUS_ERROR);
		STATUS_READY.next = EnumSet.noneOf(RestoreStatus.class);
		STATUS_ERROR.next = EnumSet.noneOf(RestoreStatus.class);
	}

	private Set<RestoreStatus> next;

	/**
	 * @param target a status
	 * @return whether this status may change to {@code target}
	 */
	public boolean canTransitionTo(RestoreStatus target) {
		return this.next.contains(target);
	}

	void checkTransition(String id, RestoreStatus target) {
		if (!canTransitionTo(target)) {
			throw new IllegalTransitionException("restore", id, name(), target.name());
		}
	}

}
