package org.backplane.service.schedule;

import java.time.Clock;
import java.time.Instant;

import org.backplane.service.job.RecurringJob;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Looks for due ticks every {@code backplane.scheduling.poll-interval}, once across the
 * cluster (a db-scheduler recurring task of the run kernel), runs them, and settles runs
 * that ended (outcome, then retention). See {@code docs/design/schedules.md} for why one
 * dispatcher over a table rather than one db-scheduler task per schedule.
 */
@Component
class ScheduleDispatcher extends RecurringJob {

	/**
	 * Looked up at each tick: the service needs the job queue, which needs this job (the
	 * job runtime collects every job).
	 */
	private final ObjectProvider<ScheduleService> schedules;

	private final Clock clock;

	ScheduleDispatcher(ObjectProvider<ScheduleService> schedules, SchedulingProperties properties, Clock clock) {
		super("schedule-dispatcher", properties.pollInterval());
		this.schedules = schedules;
		this.clock = clock;
	}

	@Override
	protected void runTick(Instant scheduledFor) {
		this.schedules.getObject().dispatch(this.clock.instant());
	}

}
