package org.backplane.service.mirror;

import java.util.EnumSet;
import java.util.Set;

import org.backplane.service.job.IllegalTransitionException;

/**
 * The lifecycle of a mirror run, with its allowed transitions.
 */
public enum MirrorRunStatus {

	/** Queued or copying: the run holds the component's lock. */
	STATUS_MIRRORING,

	/**
	 * Done: the mirror equals the source as listed; the run's counters say what it did.
	 */
	STATUS_READY,

	/**
	 * Failed, with a reason: the source or the mirror refused, or the runner stopped
	 * ({@code interrupted}). Nothing was deleted at the mirror unless every copy had
	 * succeeded.
	 */
	STATUS_ERROR;

	static {
		STATUS_MIRRORING.next = EnumSet.of(STATUS_READY, STATUS_ERROR);
		STATUS_READY.next = EnumSet.noneOf(MirrorRunStatus.class);
		STATUS_ERROR.next = EnumSet.noneOf(MirrorRunStatus.class);
	}

	private Set<MirrorRunStatus> next;

	/**
	 * @param target a status
	 * @return whether a run in this status may move to {@code target}
	 */
	public boolean canTransitionTo(MirrorRunStatus target) {
		return this.next.contains(target);
	}

	void checkTransition(String id, MirrorRunStatus target) {
		if (!canTransitionTo(target)) {
			throw new IllegalTransitionException("mirror run", id, name(), target.name());
		}
	}

}
