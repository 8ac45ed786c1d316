package org.backplane.service.schedule;

import java.time.Clock;
import java.time.Instant;

import org.backplane.service.job.RecurringJob;

import org.springframework.stereotype.Component;

/**
 * Looks for due ticks every {@code backplane.scheduling.poll-interval}, once across the
 * cluster (a db-scheduler recurring task of the run kernel), runs them, and settles runs
 * that ended (outcome, then retention). See {@code docs/design/schedules.md} for why one
 * dispatcher over a table rather than one db-scheduler task per schedule.
 */
@Component
class ScheduleDispatcher extends RecurringJob {

	private final ScheduleService schedules;

	private final Clock clock;

	ScheduleDispatcher(ScheduleService schedules, SchedulingProperties properties, Clock clock) {
		super("schedule-dispatcher", properties.pollInterval());
		this.schedules = schedules;
		this.clock = clock;
	}

	@Override
	protected void runTick(Instant scheduledFor) {
		this.schedules.dispatch(this.clock.instant());
	}

}
