package org.backplane.service.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of one component within a backup or a restore, with the table of allowed
 * transitions. Apart from the table, a new attempt of an interrupted backup puts every
 * component back to {@link #STATUS_UNKNOWN} ({@link ComponentRun#resetForNewAttempt}).
 */
public enum ComponentStatus {

	/** Not started yet; every component of a new backup starts here. */
	STATUS_UNKNOWN,

	/** Its artifact is being written. */
	STATUS_BACKING_UP,

	/** It is being restored from its artifact. */
	STATUS_RESTORING,

	/** Done. Terminal. */
	STATUS_READY,

	/**
	 * Failed, or not attempted because another component failed; the error reason says
	 * which. Terminal.
	 */
	STATUS_ERROR;

	static {
		STATUS_UNKNOWN.next = EnumSet.of(STATUS_BACKING_UP, STATUS_RESTORING, STATUS_ERROR);
		STATUS_BACKING_UP.next = EnumSet.of(STATUS_READY, STATUS_ERROR);
		STATUS_RESTORING.next = EnumSet.of(STATUS_READY, STATUS_ERROR);
		STATUS_READY.next = EnumSet.noneOf(ComponentStatus.class);
		STATUS_ERROR.next = EnumSet.noneOf(ComponentStatus.class);
	}

	private Set<ComponentStatus> next;

	/**
	 * @param target a status
	 * @return whether this status may change to {@code target}
	 */
	public boolean canTransitionTo(ComponentStatus target) {
		return this.next.contains(target);
	}

	/**
	 * @return whether no further change is allowed
	 */
	public boolean isTerminal() {
		return this.next.isEmpty();
	}

	/**
	 * Checks a transition.
	 * @param owner what the component belongs to, e.g. {@code backup x-…}, for the
	 * message
	 * @param component the component's name
	 * @param target the wanted status
	 * @throws IllegalTransitionException if the table does not allow it
	 */
	public void checkTransition(String owner, String component, ComponentStatus target) {
		if (!canTransitionTo(target)) {
			throw new IllegalTransitionException("component " + component + " of " + owner, component, name(),
					target.name());
		}
	}

}
