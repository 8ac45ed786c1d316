package org.backplane.service.job;

import java.time.Clock;
import java.util.function.Supplier;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues jobs. {@link #enqueue} joins the caller's transaction, so a job is queued if and
 * only if the row that describes it commits.
 */
public class Jobs {

	private final SchedulerClient transactionalClient;

	private final Supplier<Scheduler> scheduler;

	private final String runnerName;

	private final Clock clock;

	Jobs(SchedulerClient transactionalClient, Supplier<Scheduler> scheduler, String runnerName, Clock clock) {
		this.transactionalClient = transactionalClient;
		this.scheduler = scheduler;
		this.runnerName = runnerName;
		this.clock = clock;
	}

	/**
	 * Queues a run in the current transaction; after commit, nudges the local scheduler
	 * to pick it at once.
	 * @param kind the kind of run
	 * @param id the run's id, its row saved in the current transaction
	 */
	public void enqueue(ClaimedJobTask<?, ?> kind, String id) {
		this.transactionalClient.schedule(kind.instance(id), this.clock.instant());
		nudgeAfterCommit();
	}

	/**
	 * Queues a one-off run in the current transaction unless one is already queued or
	 * running for the same id; after commit, nudges the local scheduler.
	 * @param kind the kind of run
	 * @param id what it runs for
	 * @param data what it runs with, or {@code null}
	 * @return whether it was queued ({@code false}: one is already queued or running)
	 */
	public boolean enqueueOnce(OneOffJob kind, String id, String data) {
		boolean queued = this.transactionalClient.scheduleIfNotExists(kind.instance(id, data), this.clock.instant());
		if (queued) {
			nudgeAfterCommit();
		}
		return queued;
	}

	private void nudgeAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					Scheduler local = Jobs.this.scheduler.get();
					if (local != null) {
						local.triggerCheckForDueExecutions();
					}
				}
			});
		}
	}

	/**
	 * @return this node's runner name, unique per process start
	 */
	public String runnerName() {
		return this.runnerName;
	}

}
