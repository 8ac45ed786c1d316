package org.backplane.service.job;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The run kernel's third kind: work asked for once (a verification) that records its
 * outcome on a row it does not own, so it needs no claim of its own. Queued with
 * {@link Jobs#enqueueOnce} in the caller's transaction, at most one queue entry per id;
 * run on one replica; a run whose runner died is run again by another (db-scheduler's
 * dead-execution handling revives it), so the work must be safe to repeat. A failing run
 * is logged and not retried. Register a subclass as a bean.
 */
public abstract class OneOffJob implements JobTask {

	private final Log logger = LogFactory.getLog(getClass());

	private final OneTimeTask<String> task;

	/**
	 * @param name the queue's task name, unique
	 */
	protected OneOffJob(String name) {
		this.task = Tasks.oneTime(name, String.class).execute(this::execute);
	}

	/**
	 * Does the work.
	 * @param id the id it was queued for
	 * @param data what it was queued with, or {@code null}
	 * @throws Exception why it failed; logged
	 */
	protected abstract void run(String id, String data) throws Exception;

	@Override
	public final Task<?> task() {
		return this.task;
	}

	/**
	 * Nothing to reap: a run whose runner died is run again by db-scheduler.
	 */
	@Override
	public final void reapStale(Instant staleBefore) {
	}

	final TaskInstance<String> instance(String id, String data) {
		return this.task.instance(id, data);
	}

	private void execute(TaskInstance<String> instance, ExecutionContext context) {
		try {
			run(instance.getId(), instance.getData());
		}
		catch (Exception ex) {
			this.logger.warn("Job failed: task=" + this.task.getName() + " id=" + instance.getId() + " reason="
					+ ex.getMessage(), ex);
		}
	}

}
