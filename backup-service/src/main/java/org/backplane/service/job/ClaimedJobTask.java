package org.backplane.service.job;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.OptimisticLockingFailureException;

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
 * reaper finds a stale heartbeat: what they left behind cleaned up, then run again as a
 * new attempt of the same run while the kind allows ({@link #retriesWhenInterrupted}),
 * else failed as {@code interrupted}.</li>
 * <li>parking a run whose work finds it paused between steps ({@link RunParkedException}:
 * a plan's stop): it stays running, held by no runner, its queue entry rescheduled every
 * heartbeat interval and not claimed while the pause lasts, so it holds no runner
 * thread.</li>
 * </ul>
 * A kind adds only what differs: its work ({@link #work}), what to clean up after an
 * interrupted run ({@link #leftoversOf}), whether such a run is run again, and what else
 * ends with the run ({@link #ended}).
 * <p>
 * Deciding that a run's runner is gone is a compare-and-set on the run's row (its
 * version, unchanged since the run was found stale): with several replicas reaping, one
 * wins and retries or fails the run, the others leave it. Every change a runner makes
 * checks that the row is still its attempt's (runner and attempt count), so a runner that
 * was only slow, not gone, stops at its next heartbeat and leaves the new attempt alone.
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

	private final CustomTask<Void> task;

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
		this.task = Tasks.custom(taskName, Void.class).onDeadExecution(this::deadExecution).execute(this::execute);
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
	 * How many times an interrupted run is run again, as new attempts of the same run,
	 * before it fails as interrupted.
	 * @param run the interrupted run, still running
	 * @return the retries allowed for it; by default 0 (never retried)
	 */
	protected int retriesWhenInterrupted(R run) {
		return 0;
	}

	/**
	 * The reason an interrupted run fails with, once it is not retried (any more).
	 * @param run the run, about to fail
	 * @return the reason, starting {@code interrupted: }
	 */
	protected String interruptedReason(R run) {
		return "interrupted: the runner stopped before the " + this.kind + " completed";
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
				interrupt(id, staleBefore);
			}
		}
	}

	// A run whose next steps wait (a plan's stop) is parked, not run: its queue entry is
	// checked again a heartbeat interval later, and holds no runner thread meanwhile.
	private CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
		String id = instance.getId();
		String runnerName = context.getExecution().pickedBy;
		if (this.kernel.steps.isPaused(id) && this.runs.findById(id).map(CatalogueRun::isRunning).orElse(false)) {
			return checkAgainLater();
		}
		Integer claimed = this.kernel.tx.execute((status) -> this.runs.claim(id, runnerName, now()));
		if (claimed == null || claimed == 0) {
			this.logger
				.info(capitalized() + " not claimed, another runner has it or it ended: " + this.idName + "=" + id);
			return removed();
		}
		this.kernel.idleCollection.runStarted();
		boolean parked;
		try {
			parked = run(id, runnerName, new JobProgress(() -> context.getSchedulerState().isShuttingDown()));
		}
		finally {
			this.kernel.idleCollection.runEnded();
		}
		return parked ? checkAgainLater() : removed();
	}

	private CompletionHandler<Void> checkAgainLater() {
		return (complete, operations) -> operations.reschedule(complete, now().plus(this.kernel.heartbeatInterval));
	}

	private static CompletionHandler<Void> removed() {
		return (complete, operations) -> operations.remove();
	}

	// returns whether the run was parked (it waits to continue), rather than ended
	private boolean run(String id, String runnerName, JobProgress progress) {
		R claimed = this.runs.findById(id)
			.orElseThrow(() -> new IllegalStateException(this.kind + " " + id + " is gone"));
		int attempt = claimed.getAttempts();
		Run context = new Run(id, runnerName, attempt, progress, startHeartbeat(id, runnerName, attempt, progress));
		try {
			this.logger.info(capitalized() + " started: " + this.idName + "=" + id + " components="
					+ claimed.getComponents().size() + ((attempt > 1) ? " attempt=" + attempt : ""));
			work(claimed, context);
			context.heartbeat.close();
			if (!end(id, context::isOurs, (run) -> run.markSucceeded(now()))) {
				throw new JobProgress.JobCancelledException(
						"interrupted: the " + this.kind + " was ended elsewhere before it completed");
			}
			this.logger.info(capitalized() + " ready: " + this.idName + "=" + id);
			return false;
		}
		catch (RunParkedException ex) {
			context.heartbeat.close();
			if (park(context)) {
				this.logger.info(capitalized() + " waits to continue, parked: " + this.idName + "=" + id);
				return true;
			}
			this.logger
				.info(capitalized() + " was ended elsewhere while it stopped to wait: " + this.idName + "=" + id);
			return false;
		}
		catch (Throwable ex) {
			context.heartbeat.close();
			String reason = reason(context.blamed, ex);
			this.logger.warn(capitalized() + " failed: " + this.idName + "=" + id + " reason=" + reason,
					(ex instanceof JobProgress.JobCancelledException) ? null : ex);
			if (takenOver(id, context)) {
				// the reaper took the run for dead: it removes what the run wrote, and a
				// new attempt may be writing the same keys
				this.logger.warn("Leaving what the " + this.kind + " wrote to the reaper: " + this.idName + "=" + id
						+ " attempt=" + attempt);
			}
			else {
				context.runFailureActions();
			}
			fail(id, context::isOurs, context.blamed, reason);
			return false;
		}
		finally {
			context.closeResources();
		}
	}

	/**
	 * Parks a run that waits to continue: still running, held by no runner (so a runner
	 * claims it again when its queue entry is picked), if it is still this attempt's.
	 * @param context the run's context
	 * @return whether it was parked
	 */
	private boolean park(Run context) {
		try {
			Boolean parked = this.kernel.tx.execute((status) -> {
				R run = this.runs.findById(context.id).orElse(null);
				if (run == null || !run.isRunning() || !context.isOurs(run)) {
					return false;
				}
				run.park(now());
				this.runs.saveAndFlush(run);
				return true;
			});
			return Boolean.TRUE.equals(parked);
		}
		catch (OptimisticLockingFailureException ex) {
			return false;
		}
	}

	private boolean takenOver(String id, Run context) {
		try {
			return this.runs.findById(id).map((run) -> run.isRunning() && !context.isOurs(run)).orElse(false);
		}
		catch (RuntimeException ex) {
			// the database is unreachable: the run cannot be recorded as failed either,
			// so
			// the reaper will take it and remove what it wrote
			return true;
		}
	}

	private JobHeartbeat startHeartbeat(String id, String runnerName, int attempt, JobProgress progress) {
		return new JobHeartbeat(this.idName + "=" + id, progress, this.kernel.heartbeatInterval, this.kernel.tx,
				this.kernel.clock, this.kernel.heartbeats,
				(now, itemsDone, bytesDone, itemsTotal, bytesTotal, component, componentItems, componentBytes) -> {
					int rows = this.runs.heartbeat(id, runnerName, attempt, now, itemsDone, bytesDone, itemsTotal,
							bytesTotal);
					if (rows == 1 && component != null) {
						this.runs.componentProgress(id, component, componentItems, componentBytes);
					}
					return rows;
				});
	}

	/**
	 * Changes a running run in a transaction.
	 * @param context the run's context, whose attempt it must still be
	 * @param change applied to the run as loaded in the transaction, which then saves it
	 * @throws JobProgress.JobCancelledException if it is no longer running (the reaper or
	 * another runner ended it) or is no longer this attempt
	 */
	private void updateRunning(Run context, Consumer<R> change) {
		String id = context.id;
		this.kernel.tx.executeWithoutResult((status) -> {
			R run = this.runs.findById(id)
				.orElseThrow(() -> new IllegalStateException(this.kind + " " + id + " is gone"));
			if (!run.isRunning()) {
				throw new JobProgress.JobCancelledException(
						"interrupted: the " + this.kind + " is " + run.statusName());
			}
			if (!context.isOurs(run)) {
				throw new JobProgress.JobCancelledException("interrupted: the runner was taken for gone (its heartbeat"
						+ " was stale) and the " + this.kind + " was reaped");
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
	 * @param expected what the run must still be for this call to end it (this runner's
	 * attempt, or the row found stale, unchanged)
	 * @param change records the outcome on the run (its status, its components'), after
	 * the progress is summed
	 * @return whether this call ended the run
	 */
	private boolean end(String id, Predicate<R> expected, Consumer<R> change) {
		Boolean ended = this.kernel.tx.execute((status) -> {
			R run = this.runs.findById(id).orElse(null);
			if (run == null || !run.isRunning() || !expected.test(run)) {
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

	private boolean fail(String id, Predicate<R> expected, String component, String reason) {
		try {
			return end(id, expected, (run) -> {
				if (component != null) {
					run.component(component)
						.filter((c) -> !c.getStatus().isTerminal())
						.ifPresent((c) -> c.markFailed(reason));
				}
				run.markFailed(reason, now());
			});
		}
		catch (OptimisticLockingFailureException ex) {
			this.logger.info("Not failing the " + this.kind + ", it changed meanwhile: " + this.idName + "=" + id);
			return false;
		}
		catch (RuntimeException ex) {
			this.logger.error("Could not record a failed " + this.kind + ", the reaper will end it: " + this.idName
					+ "=" + id + " reason=" + ex.getMessage(), ex);
			return false;
		}
	}

	/**
	 * Handles a run whose runner is gone, if it is still running and stale (its heartbeat
	 * older than {@code staleBefore}). First this node holds the run (a compare-and-set
	 * on the row as found stale: with several replicas reaping, one wins; the dead
	 * runner's heartbeat no longer matches) and removes what it left behind while it
	 * still holds its component locks; then it either runs it again as a new attempt
	 * while {@link #retriesWhenInterrupted} allows, or marks it failed with
	 * {@link #interruptedReason}. If this node dies while it holds the run, the row goes
	 * stale again and another reaper starts over.
	 * @param id the id of the run whose runner is gone
	 * @param staleBefore heartbeats older than this are stale
	 */
	private void interrupt(String id, Instant staleBefore) {
		R run = this.runs.findById(id).orElse(null);
		if (run == null || !run.isRunning()
				|| (run.getHeartbeatAt() != null && !run.getHeartbeatAt().isBefore(staleBefore))) {
			return;
		}
		long version = run.getRowVersion();
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
		String holder = "reaper:" + this.kernel.runnerName();
		if (!hold(id, version, holder)) {
			this.logger.info("Not reaping the " + this.kind + ", it changed meanwhile: " + this.idName + "=" + id);
			return;
		}
		removeLeftovers(id, leftovers);
		Predicate<R> held = (r) -> holder.equals(r.getRunner()) && r.getAttempts() == run.getAttempts();
		int retries = retriesWhenInterrupted(run);
		if (run.getAttempts() <= retries) {
			retry(id, held, retries);
			return;
		}
		String reason = interruptedReason(run);
		if (fail(id, held, null, reason)) {
			this.logger.warn(capitalized() + " failed: " + this.idName + "=" + id + " reason=" + reason);
			this.kernel.staleJobs.forget(this.taskName, id);
		}
	}

	/**
	 * Holds a stale run for this node: its runner becomes {@code holder} and its
	 * heartbeat now, if its row is still as found stale.
	 * @param id the run's id
	 * @param version its row version when found stale
	 * @param holder this node as the run's holder
	 * @return whether this node holds it
	 */
	private boolean hold(String id, long version, String holder) {
		try {
			Boolean held = this.kernel.tx.execute((status) -> {
				R run = this.runs.findById(id).orElse(null);
				if (run == null || !run.isRunning() || run.getRowVersion() != version) {
					return false;
				}
				run.holdFor(holder, now());
				this.runs.saveAndFlush(run);
				return true;
			});
			return Boolean.TRUE.equals(held);
		}
		catch (OptimisticLockingFailureException ex) {
			return false;
		}
	}

	/**
	 * Runs a held run again: a new attempt (components reset, attempt count up), queued
	 * for any runner to claim. The run kept its component locks and sealed parameters.
	 * @param id the run's id
	 * @param held what the run must still be (held by this node)
	 * @param retries the retries allowed, for the log
	 */
	private void retry(String id, Predicate<R> held, int retries) {
		Integer attempt = this.kernel.tx.execute((status) -> {
			R run = this.runs.findById(id).orElse(null);
			if (run == null || !run.isRunning() || !held.test(run)) {
				return null;
			}
			run.startNewAttempt(now());
			this.runs.saveAndFlush(run);
			// its steps start over too (a parked run's COMPLETE steps are skipped)
			this.kernel.steps.reset(id);
			// the dead attempt's queue entry, if db-scheduler has not removed it, makes
			// way
			// for the new one (same instance id)
			this.kernel.staleJobs.forget(this.taskName, id);
			this.kernel.jobs().enqueue(this, id);
			return run.getAttempts();
		});
		if (attempt != null) {
			this.logger.warn(capitalized() + " interrupted, running it again: " + this.idName + "=" + id + " attempt="
					+ attempt + " of " + (retries + 1));
		}
	}

	private void removeLeftovers(String id, Runnable leftovers) {
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
		if (this.runs.findById(id).map((run) -> run.isRunning() && run.getRunner() == null).orElse(false)) {
			// no runner held the run (parked, waiting to continue, or not claimed yet):
			// the
			// node that died was only checking it; it stays queued
			this.logger.info("Queue entry of an unclaimed " + this.kind + " revived: " + this.idName + "=" + id);
			operations.reschedule(complete, now());
			return;
		}
		this.logger.warn(capitalized() + " runner is gone: " + this.idName + "=" + id + " runner="
				+ complete.getExecution().pickedBy);
		// the dead entry goes first (db-scheduler removes it only if unchanged), so a
		// retry can queue the run again under the same id
		try {
			operations.remove();
		}
		catch (RuntimeException ex) {
			this.logger.info("The dead queue entry was already removed: " + this.idName + "=" + id);
		}
		// a row whose own heartbeat is not stale yet is left to the reaper
		interrupt(id, now().minus(this.kernel.staleAfter));
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

		private final String runnerName;

		private final int attempt;

		private final JobProgress progress;

		private final JobHeartbeat heartbeat;

		private final Deque<Runnable> onFailure = new ArrayDeque<>();

		private final Deque<AutoCloseable> resources = new ArrayDeque<>();

		private String blamed;

		private Run(String id, String runnerName, int attempt, JobProgress progress, JobHeartbeat heartbeat) {
			this.id = id;
			this.runnerName = runnerName;
			this.attempt = attempt;
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
		 * Which attempt of the run this is.
		 * @return the attempt count, from 1
		 */
		public int attempt() {
			return this.attempt;
		}

		private boolean isOurs(R run) {
			return this.runnerName.equals(run.getRunner()) && run.getAttempts() == this.attempt;
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
			updateRunning(this, (run) -> component(run, name).markStarted(items, bytes));
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
			updateRunning(this, (run) -> {
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
			updateRunning(this, change);
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
