package org.backplane.service.job;

/**
 * Thrown by a run's work when it finds the run paused between steps ({@code run_pause}: a
 * plan's stop or interrupt): the run kernel then parks the run instead of ending it. The
 * run stays running, no runner holds it and no thread waits for it; its queue entry is
 * checked again every heartbeat interval and claimed once the run may go on
 * ({@link NodeSteps#resume}). What the run stored so far stays; its work, run again,
 * skips the steps already {@link NodeSteps.NodeStatus#COMPLETE}.
 */
public class RunParkedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * A run that waits to continue.
	 * @param runId the run
	 */
	public RunParkedException(String runId) {
		super("waiting to continue: " + runId, null, false, false);
	}

}
