package org.backplane.service.job;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.Consumer;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The run kernel: a kind of job whose catalogue row a runner claims before running it
 * (backups, restores, and the runs later features add). It does, once for every kind:
 * <ul>
 * <li>the db-scheduler task, one queue entry per run, its id the run's id;</li>
 * <li>claiming the row for the runner that picked the entry (a compare-and-set: exactly
 * one runner wins);</li>
 * <li>the heartbeat, which records progress and cancels the run once its row is no longer
 * the runner's;</li>
 * <li>components starting and ending, with their progress;</li>
 * <li>succeeding and failing: the run's status, its unfinished components, the component
 * locks and sealed parameters freed, in one transaction;</li>
 * <li>runs whose runner is gone, whether db-scheduler reports a dead execution or the
 * reaper finds a stale heartbeat: failed as {@code interrupted}, and what they left
 * behind cleaned up.</li>
 * </ul>
 * A kind adds only what differs: its work ({@link #work}), what to clean up after an
 * interrupted run ({@link #leftoversOf}) and what else ends with the run
 * ({@link #ended}).
 *
 * @param <R> the kind's catalogue entity
 * @param <C> the type of its components
 */
public abstract class ClaimedJobTask<R extends CatalogueRun<C>, C extends ComponentRun> implements JobTask {

	private final Log logger = LogFactory.getLog(getClass());

	private final String taskName;

	private final String kind;

	private final String idName;

	private final RunRepository<R> runs;

	private final JobKernel kernel;

	private final OneTimeTask<Void> task;

	/**
	 * Registers the kind's task.
	 * @param taskName the db-scheduler task name
	 * @param kind the kind in log lines and messages, lower case ({@code backup}); its
	 * ids are logged as {@code backupId=…}
	 * @param runs the kind's repository
	 * @param kernel what every job runs with
	 */
	protected ClaimedJobTask(String taskName, String kind, RunRepository<R> runs, JobKernel kernel) {
		this.taskName = taskName;
		this.kind = kind;
		this.idName = kind + "Id";
		this.runs = runs;
		this.kernel = kernel;
		this.task = Tasks.oneTime(taskName).onDeadExecution(this::deadExecution).execute(this::execute);
	}

	@Override
	public final Task<?> task() {
		return this.task;
	}

	/**
	 * The queue entry that runs one run of this kind.
	 * @param id the run's id
	 * @return the entry, to {@link Jobs#enqueue}
	 */
	final TaskInstance<Void> instance(String id) {
		return this.task.instance(id);
	}

	/**
	 * Does the kind's work for a claimed run, reporting components through the context.
	 * Returning means success; the kernel then marks the run succeeded. Throwing means
	 * failure; the kernel runs the context's failure actions and marks the run failed,
	 * the reason naming the component the context {@linkplain Run#blame blames}.
	 * @param run the run as claimed
	 * @param context the run's context
	 * @throws Exception why the run failed
	 */
	protected abstract void work(R run, Run context) throws Exception;

	/**
	 * What an interrupted run left behind, gathered before the run is marked failed
	 * (which forgets its sealed parameters) and cleaned up after.
	 * @param run the run, still running
	 * @return the clean-up, run once; by default nothing
	 */
	protected Runnable leftoversOf(R run) {
		return () -> {
		};
	}

	/**
	 * Called in the transaction that ends a run, succeeded or failed, after its locks and
	 * parameters were freed: what else ends with it (a restore frees its backup).
	 * @param run the run, ended
	 */
	protected void ended(R run) {
	}

	/**
	 * Claims a run for a runner and runs it to its end on the calling thread, as a queue
	 * entry would: what a job that needs another run done first (a restore's safety
	 * backup) calls. The run's row must be committed and not claimed.
	 * @param id the run's id
	 * @param runnerName the runner
	 * @param progress the caller's progress (its cancellation applies to this run too)
	 * @return whether the run was claimed (and then run)
	 */
	public final boolean runNow(String id, String runnerName, JobProgress progress) {
		Integer claimed = this.kernel.tx.execute((status) -> this.runs.claim(id, runnerName, now()));
		if (claimed == null || claimed == 0) {
			return false;
		}
		run(id, runnerName, new JobProgress(progress::isShuttingDown));
		return true;
	}

	@Override
	public void reapStale(Instant staleBefore) {
		for (String id : this.runs.findStale(staleBefore)) {
			if (this.kernel.staleJobs.isDead(this.taskName, id, staleBefore)) {
				this.logger.warn("Reaping " + this.kind + " whose runner is gone: " + this.idName + "=" + id);
				interrupt(id);
				this.kernel.staleJobs.forget(this.taskName, id);
			}
		}
	}

	private void execute(TaskInstance<Void> instance, ExecutionContext context) {
		String id = instance.getId();
		String runnerName = context.getExecution().pickedBy;
		Integer claimed = this.kernel.tx.execute((status) -> this.runs.claim(id, runnerName, now()));
		if (claimed == null || claimed == 0) {
			this.logger
				.info(capitalized() + " not claimed, another runner has it or it ended: " + this.idName + "=" + id);
			return;
		}
		run(id, runnerName, new JobProgress(() -> context.getSchedulerState().isShuttingDown()));
	}

	private void run(String id, String runnerName, JobProgress progress) {
		R claimed = this.runs.findById(id)
			.orElseThrow(() -> new IllegalStateException(this.kind + " " + id + " is gone"));
		Run context = new Run(id, progress, startHeartbeat(id, runnerName, progress));
		try {
			this.logger.info(capitalized() + " started: " + this.idName + "=" + id + " components="
					+ claimed.getComponents().size());
			work(claimed, context);
			context.heartbeat.close();
			if (!end(id, (run) -> run.markSucceeded(now()))) {
				throw new JobProgress.JobCancelledException(
						"interrupted: the " + this.kind + " was ended elsewhere before it completed");
			}
			this.logger.info(capitalized() + " ready: " + this.idName + "=" + id);
		}
		catch (Throwable ex) {
			context.heartbeat.close();
			String reason = reason(context.blamed, ex);
			this.logger.warn(capitalized() + " failed: " + this.idName + "=" + id + " reason=" + reason,
					(ex instanceof JobProgress.JobCancelledException) ? null : ex);
			context.runFailureActions();
			fail(id, context.blamed, reason);
		}
		finally {
			context.closeResources();
		}
	}

	private JobHeartbeat startHeartbeat(String id, String runnerName, JobProgress progress) {
		return new JobHeartbeat(this.idName + "=" + id, progress, this.kernel.heartbeatInterval, this.kernel.tx,
				this.kernel.clock, this.kernel.heartbeats,
				(now, itemsDone, bytesDone, itemsTotal, bytesTotal, component, componentItems, componentBytes) -> {
					int rows = this.runs.heartbeat(id, runnerName, now, itemsDone, bytesDone, itemsTotal, bytesTotal);
					if (rows == 1 && component != null) {
						this.runs.componentProgress(id, component, componentItems, componentBytes);
					}
					return rows;
				});
	}

	/**
	 * Changes a running run in a transaction.
	 * @param id the run's id
	 * @param change applied to the run as loaded in the transaction, which then saves it
	 * @throws JobProgress.JobCancelledException if it is no longer running (the reaper or
	 * another runner ended it)
	 */
	private void updateRunning(String id, Consumer<R> change) {
		this.kernel.tx.executeWithoutResult((status) -> {
			R run = this.runs.findById(id)
				.orElseThrow(() -> new IllegalStateException(this.kind + " " + id + " is gone"));
			if (!run.isRunning()) {
				throw new JobProgress.JobCancelledException(
						"interrupted: the " + this.kind + " is " + run.statusName());
			}
			change.accept(run);
			this.runs.saveAndFlush(run);
		});
	}

	/**
	 * Ends a running run: the change, the overall progress summed, the locks and sealed
	 * parameters freed, {@link #ended}, in one transaction. A run that already ended is
	 * left alone.
	 * @param id the run's id
	 * @param change records the outcome on the run (its status, its components'), after
	 * the progress is summed
	 * @return whether this call ended the run
	 */
	private boolean end(String id, Consumer<R> change) {
		Boolean ended = this.kernel.tx.execute((status) -> {
			R run = this.runs.findById(id).orElse(null);
			if (run == null || !run.isRunning()) {
				return false;
			}
			run.sumProgress();
			change.accept(run);
			this.runs.saveAndFlush(run);
			this.kernel.locks.release(id);
			this.kernel.secrets.forget(id);
			ended(run);
			return true;
		});
		return Boolean.TRUE.equals(ended);
	}

	private void fail(String id, String component, String reason) {
		try {
			end(id, (run) -> {
				if (component != null) {
					run.component(component)
						.filter((c) -> !c.getStatus().isTerminal())
						.ifPresent((c) -> c.markFailed(reason));
				}
				run.markFailed(reason, now());
			});
		}
		catch (RuntimeException ex) {
			this.logger.error("Could not record a failed " + this.kind + ", the reaper will end it: " + this.idName
					+ "=" + id + " reason=" + ex.getMessage(), ex);
		}
	}

	/**
	 * Ends a run whose runner is gone: cleans up what it left behind and marks it failed
	 * with an {@code interrupted: …} reason. A run that already ended is left alone.
	 * @param id the id of the run whose runner is gone
	 */
	private void interrupt(String id) {
		R run = this.runs.findById(id).orElse(null);
		if (run == null || !run.isRunning()) {
			return;
		}
		Runnable leftovers;
		try {
			leftovers = leftoversOf(run);
		}
		catch (RuntimeException ex) {
			this.logger.warn("Could not gather what an interrupted " + this.kind + " left behind: " + this.idName + "="
					+ id + " reason=" + ex.getMessage());
			leftovers = () -> {
			};
		}
		fail(id, null, "interrupted: the runner stopped before the " + this.kind + " completed");
		try {
			leftovers.run();
		}
		catch (RuntimeException ex) {
			this.logger.warn("Could not remove what an interrupted " + this.kind + " left behind: " + this.idName + "="
					+ id + " reason=" + ex.getMessage());
		}
	}

	private void deadExecution(ExecutionComplete complete, ExecutionOperations<Void> operations) {
		String id = complete.getExecution().getId();
		this.logger.warn(capitalized() + " runner is gone: " + this.idName + "=" + id + " runner="
				+ complete.getExecution().pickedBy);
		interrupt(id);
		operations.remove();
	}

	/**
	 * The reason a failed run records.
	 * @param component the component that failed, or {@code null} if the failure is not
	 * one component's
	 * @param cause what failed
	 * @return a cancellation's own message, or the cause's message named with its
	 * component
	 */
	static String reason(String component, Throwable cause) {
		if (cause instanceof JobProgress.JobCancelledException) {
			return cause.getMessage();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return (component != null) ? "Component " + component + " failed: " + message : message;
	}

	private Instant now() {
		return this.kernel.clock.instant();
	}

	private String capitalized() {
		return this.kind.substring(0, 1).toUpperCase(Locale.ROOT) + this.kind.substring(1);
	}

	/**
	 * One run as its kind's {@link #work} sees it: its progress, its components starting
	 * and ending, which component a failure is blamed on, and what to do when it fails or
	 * ends.
	 */
	public final class Run {

		private final String id;

		private final JobProgress progress;

		private final JobHeartbeat heartbeat;

		private final Deque<Runnable> onFailure = new ArrayDeque<>();

		private final Deque<AutoCloseable> resources = new ArrayDeque<>();

		private String blamed;

		private Run(String id, JobProgress progress, JobHeartbeat heartbeat) {
			this.id = id;
			this.progress = progress;
			this.heartbeat = heartbeat;
		}

		/**
		 * The run's id.
		 * @return the id
		 */
		public String id() {
			return this.id;
		}

		/**
		 * What sources report their progress to, and ask whether to stop.
		 * @return the progress of the current component
		 */
		public JobProgress progress() {
			return this.progress;
		}

		/**
		 * Names the component a failure from now on is blamed on.
		 * @param component its name, or {@code null} for a failure of the whole run
		 */
		public void blame(String component) {
			this.blamed = component;
		}

		/**
		 * Adds to the run's overall totals.
		 * @param items items
		 * @param bytes bytes, or {@link Progress#UNKNOWN_BYTES}
		 */
		public void addTotals(long items, long bytes) {
			this.heartbeat.addTotals(items, bytes);
		}

		/**
		 * A component starts: marked started with its totals; its progress counts from
		 * zero.
		 * @param name the component
		 * @param items its items to copy
		 * @param bytes its bytes to copy, or {@link Progress#UNKNOWN_BYTES}
		 * @throws JobProgress.JobCancelledException if the run was ended elsewhere
		 */
		public void componentStarted(String name, long items, long bytes) {
			updateRunning(this.id, (run) -> component(run, name).markStarted(items, bytes));
			this.heartbeat.startComponent(name);
		}

		/**
		 * The current component is done: its progress recorded, then {@code record}, then
		 * marked ready; what it copied is added to the run's progress.
		 * @param name the component
		 * @param record records what the kind keeps of a done component, given the items
		 * and bytes it copied
		 * @throws JobProgress.JobCancelledException if the run was ended elsewhere
		 */
		public void componentDone(String name, ComponentRecord<C> record) {
			long items = this.progress.items();
			long bytes = this.progress.bytes();
			updateRunning(this.id, (run) -> {
				C component = component(run, name);
				component.getProgress().setDone(items, bytes);
				record.record(component, items, bytes);
				component.markReady();
			});
			this.heartbeat.endComponent(items, bytes);
		}

		/**
		 * Changes the running run in a transaction of its own.
		 * @param change the change
		 * @throws JobProgress.JobCancelledException if the run was ended elsewhere
		 */
		public void update(Consumer<R> change) {
			updateRunning(this.id, change);
		}

		/**
		 * Runs when the run fails, before it is marked failed (latest registered first).
		 * @param action e.g. removing what the run stored
		 */
		public void onFailure(Runnable action) {
			this.onFailure.push(action);
		}

		/**
		 * Closes a resource when the run ends, however it ends (latest registered first).
		 * @param <T> its type
		 * @param resource e.g. a leased storage provider
		 * @return the resource
		 */
		public <T extends AutoCloseable> T closeAtEnd(T resource) {
			this.resources.push(resource);
			return resource;
		}

		private C component(R run, String name) {
			return run.component(name)
				.orElseThrow(() -> new IllegalStateException(
						ClaimedJobTask.this.kind + " " + this.id + " has no component " + name));
		}

		private void runFailureActions() {
			while (!this.onFailure.isEmpty()) {
				try {
					this.onFailure.pop().run();
				}
				catch (RuntimeException ex) {
					ClaimedJobTask.this.logger.warn("Clean-up of a failed " + ClaimedJobTask.this.kind + " failed: "
							+ ClaimedJobTask.this.idName + "=" + this.id + " reason=" + ex.getMessage());
				}
			}
		}

		private void closeResources() {
			while (!this.resources.isEmpty()) {
				try {
					this.resources.pop().close();
				}
				catch (Exception ex) {
					ClaimedJobTask.this.logger.warn("Closing a resource of a " + ClaimedJobTask.this.kind + " failed: "
							+ ClaimedJobTask.this.idName + "=" + this.id + " reason=" + ex.getMessage());
				}
			}
		}

	}

	/**
	 * What a kind records of a done component.
	 *
	 * @param <C> the component type
	 */
	@FunctionalInterface
	public interface ComponentRecord<C> {

		/**
		 * Records what the kind keeps of a done component.
		 * @param component the component, about to be marked ready
		 * @param items items it copied
		 * @param bytes bytes it copied
		 */
		void record(C component, long items, long bytes);

	}

}
