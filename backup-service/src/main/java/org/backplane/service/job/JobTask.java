package org.backplane.service.job;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.Task;

/**
 * A feature's job type, registered with the scheduler. Implemented by the backup and
 * restore jobs.
 */
interface JobTask {

	/**
	 * @return the db-scheduler task that runs this kind of job
	 */
	Task<?> task();

	/**
	 * Ends jobs of this kind whose runner is gone: rows still running whose heartbeat is
	 * older than {@code staleBefore} and whose queue entry is gone or stale, marked
	 * failed with reason {@code interrupted}. Called at start-up and then periodically,
	 * on every node; must be safe to run concurrently.
	 * @param staleBefore heartbeats older than this are stale
	 */
	void reapStale(Instant staleBefore);

}
