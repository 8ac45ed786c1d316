package org.backplane.service.schedule;

import java.time.Instant;

import org.backplane.service.job.RecurringJob;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Retention's own tick, every {@code backplane.scheduling.retention-interval}, once
 * across the cluster: retries the deletions that failed (storage was down), then applies
 * every schedule's rules (so a rule such as {@code keepWithin} prunes even while a
 * schedule is paused).
 */
@Component
class RetentionJob extends RecurringJob {

	/**
	 * Looked up at each tick: the service needs the job queue, which needs this job (the
	 * job runtime collects every job).
	 */
	private final ObjectProvider<ScheduleService> schedules;

	RetentionJob(ObjectProvider<ScheduleService> schedules, SchedulingProperties properties) {
		super("retention", properties.retentionInterval());
		this.schedules = schedules;
	}

	@Override
	protected void runTick(Instant scheduledFor) {
		this.schedules.getObject().applyAllRetention();
	}

}
