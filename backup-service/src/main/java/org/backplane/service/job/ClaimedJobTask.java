package org.backplane.service.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A kind of job whose catalogue row a runner claims before running it (backups,
 * restores). This class holds what the kinds share: the db-scheduler task; claiming the
 * row for the runner that picked the queue entry, in a transaction, and running the job
 * with a {@link JobProgress} that sees the scheduler shutting down; and ending jobs whose
 * runner is gone, whether db-scheduler reports a dead execution or the reaper finds a
 * stale heartbeat ({@link #interrupt}). Each kind says how to claim, run, find and
 * interrupt its rows.
 */
public abstract class ClaimedJobTask implements JobTask {

	/** The transactions of the job's catalogue updates. */
	protected final TransactionTemplate tx;

	/** The clock of the job's timestamps. */
	protected final Clock clock;

	private final Log logger = LogFactory.getLog(getClass());

	private final String taskName;

	private final String kind;

	private final String idName;

	private final StaleJobs staleJobs;

	private final OneTimeTask<Void> task;

	/**
	 * Registers the kind's task.
	 * @param taskName the db-scheduler task name
	 * @param kind the kind in log lines, capitalised ({@code Backup}); its ids are logged
	 * as {@code backupId=…}
	 * @param staleJobs tells whether a stale row's queue entry is gone too
	 * @param transactionManager runs {@link #tx}
	 * @param clock the clock
	 */
	protected ClaimedJobTask(String taskName, String kind, StaleJobs staleJobs,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.taskName = taskName;
		this.kind = kind;
		this.idName = kind.toLowerCase(Locale.ROOT) + "Id";
		this.staleJobs = staleJobs;
		this.tx = new TransactionTemplate(transactionManager);
		this.clock = clock;
		this.task = Tasks.oneTime(taskName).onDeadExecution(this::deadExecution).execute(this::execute);
	}

	@Override
	public final Task<?> task() {
		return this.task;
	}

	/**
	 * @return the task, to enqueue instances of it (one per job, its id the instance id)
	 */
	public final OneTimeTask<Void> oneTimeTask() {
		return this.task;
	}

	/**
	 * Claims a queued job's row for a runner, in the caller's transaction.
	 * @param id the job's id
	 * @param runnerName the runner that picked it
	 * @param now the time
	 * @return the rows updated: 1 if claimed, 0 if another runner has it or it ended
	 */
	protected abstract int claim(String id, String runnerName, Instant now);

	/**
	 * Runs a claimed job to its end, recording success or failure; does not throw.
	 * @param id the job's id
	 * @param runnerName the runner that claimed it
	 * @param progress what the job reports its progress to, and asks whether to stop
	 */
	protected abstract void run(String id, String runnerName, JobProgress progress);

	/**
	 * @param staleBefore heartbeats older than this are stale
	 * @return the ids of running jobs of this kind whose heartbeat is stale
	 */
	protected abstract List<String> findStale(Instant staleBefore);

	/**
	 * Ends a job whose runner is gone: marks it failed with an {@code interrupted: …}
	 * reason and frees what it held. A job that already ended is left alone.
	 * @param id the job's id
	 */
	protected abstract void interrupt(String id);

	@Override
	public void reapStale(Instant staleBefore) {
		for (String id : findStale(staleBefore)) {
			if (this.staleJobs.isDead(this.taskName, id, staleBefore)) {
				this.logger.warn("Reaping " + this.kind.toLowerCase(Locale.ROOT) + " whose runner is gone: "
						+ this.idName + "=" + id);
				interrupt(id);
				this.staleJobs.forget(this.taskName, id);
			}
		}
	}

	/**
	 * Starts the heartbeat of a claimed job: every beat records the overall progress on
	 * the job's row and the current component's on its row; once the job's row is no
	 * longer the runner's, the job is cancelled.
	 * @param id the job's id
	 * @param runnerName the runner that claimed it
	 * @param progress the job's progress
	 * @param interval how often to beat
	 * @param records the kind's repository
	 * @return the heartbeat, to close when the job ends
	 */
	protected final JobHeartbeat startHeartbeat(String id, String runnerName, JobProgress progress, Duration interval,
			HeartbeatRecords records) {
		return new JobHeartbeat(this.idName + "=" + id, progress, interval, this.tx, this.clock,
				(now, itemsDone, bytesDone, itemsTotal, bytesTotal, component, componentItems, componentBytes) -> {
					int rows = records.heartbeat(id, runnerName, now, itemsDone, bytesDone, itemsTotal, bytesTotal);
					if (rows == 1 && component != null) {
						records.componentProgress(id, component, componentItems, componentBytes);
					}
					return rows;
				});
	}

	/**
	 * The reason a failed job records.
	 * @param component the component that failed, or {@code null} if the failure is not
	 * one component's
	 * @param cause what failed
	 * @return a cancellation's own message, or the cause's message named with its
	 * component
	 */
	protected static String reason(String component, Throwable cause) {
		if (cause instanceof JobProgress.JobCancelledException) {
			return cause.getMessage();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return (component != null) ? "Component " + component + " failed: " + message : message;
	}

	private void execute(TaskInstance<Void> instance, ExecutionContext context) {
		String id = instance.getId();
		String runnerName = context.getExecution().pickedBy;
		Integer claimed = this.tx.execute((status) -> claim(id, runnerName, this.clock.instant()));
		if (claimed == null || claimed == 0) {
			this.logger.info(this.kind + " not claimed, another runner has it or it ended: " + this.idName + "=" + id);
			return;
		}
		run(id, runnerName, new JobProgress(() -> context.getSchedulerState().isShuttingDown()));
	}

	private void deadExecution(ExecutionComplete complete, ExecutionOperations<Void> operations) {
		String id = complete.getExecution().getId();
		this.logger.warn(this.kind + " runner is gone: " + this.idName + "=" + id + " runner="
				+ complete.getExecution().pickedBy);
		interrupt(id);
		operations.remove();
	}

}
