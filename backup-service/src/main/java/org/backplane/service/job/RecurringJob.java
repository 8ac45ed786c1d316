package org.backplane.service.job;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The run kernel's second kind: work that recurs on a schedule (retention, verification,
 * catalogue sync), as a db-scheduler recurring task. Cluster-safe: one queue row per job,
 * so each tick runs on exactly one replica, and a tick whose runner died is run again by
 * another (db-scheduler's dead-execution handling). A failing tick is logged and the next
 * one runs as scheduled. Register a subclass as a bean; the job runtime starts it.
 */
public abstract class RecurringJob implements JobTask {

	private final Log logger = LogFactory.getLog(getClass());

	private final String name;

	private final RecurringTask<Void> task;

	/**
	 * A job that runs every {@code interval}, counted from the end of the previous run.
	 * @param name its unique name (the queue row's task name)
	 * @param interval the delay between runs
	 */
	protected RecurringJob(String name, Duration interval) {
		this(name, Schedules.fixedDelay(interval));
	}

	/**
	 * A job that runs on a cron schedule.
	 * @param name its unique name (the queue row's task name)
	 * @param cron six fields, as Spring's cron ({@code 0 0 3 * * *})
	 * @param zone the time zone the fields are read in
	 */
	protected RecurringJob(String name, String cron, ZoneId zone) {
		this(name, Schedules.cron(cron, zone));
	}

	private RecurringJob(String name, Schedule schedule) {
		this.name = name;
		this.task = Tasks.recurring(name, schedule).execute(this::execute);
	}

	/**
	 * Does one tick's work.
	 * @param scheduledFor when the tick was due
	 * @throws Exception why it failed; logged, the next tick runs as scheduled
	 */
	protected abstract void runTick(Instant scheduledFor) throws Exception;

	@Override
	public final Task<?> task() {
		return this.task;
	}

	/**
	 * Nothing to reap: a tick whose runner died is run again by db-scheduler.
	 */
	@Override
	public final void reapStale(Instant staleBefore) {
	}

	private void execute(TaskInstance<Void> instance, ExecutionContext context) {
		try {
			runTick(context.getExecution().executionTime);
		}
		catch (Exception ex) {
			this.logger.warn("Recurring job failed, the next tick runs as scheduled: job=" + this.name + " reason="
					+ ex.getMessage(), ex);
		}
	}

}
