package org.backplane.service.schedule;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often schedules and retention are looked at, bound from
 * {@code backplane.scheduling.*}; unknown keys fail start-up. The schedules themselves
 * are {@code backplane.schedules.<name>.*} ({@link ScheduleDefinition}).
 *
 * @param pollInterval how often due ticks are looked for (once across the cluster): a
 * tick starts its backup at most this late, plus the job runner's polling interval;
 * default 5s
 * @param retentionInterval how often every schedule's retention runs on its own, and
 * failed deletions are retried; default 15m (retention also runs after each scheduled
 * backup)
 */
@ConfigurationProperties(prefix = "backplane.scheduling", ignoreUnknownFields = false)
record SchedulingProperties(@DefaultValue("5s") Duration pollInterval,
		@DefaultValue("15m") Duration retentionInterval) {

	SchedulingProperties {
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("backplane.scheduling.poll-interval must be positive");
		}
		if (retentionInterval.isNegative() || retentionInterval.isZero()) {
			throw new IllegalArgumentException("backplane.scheduling.retention-interval must be positive");
		}
	}

}
