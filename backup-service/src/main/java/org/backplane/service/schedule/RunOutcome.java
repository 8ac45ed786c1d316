package org.backplane.service.schedule;

/**
 * How a schedule's last run went. A run starts {@link #RUNNING} (its backup is being
 * written) and settles to {@link #SUCCEEDED} or {@link #FAILED} when the backup ends;
 * {@link #SKIPPED} and a {@link #FAILED} start are final at once.
 */
enum RunOutcome {

	/** The run's backup is being written. */
	RUNNING,

	/** The run's backup is READY. */
	SUCCEEDED,

	/** The run's backup failed, or could not start (the reason is recorded). */
	FAILED,

	/** The tick found the previous run still going and started nothing. */
	SKIPPED

}
