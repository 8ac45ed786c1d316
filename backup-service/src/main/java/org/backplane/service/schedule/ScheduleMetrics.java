package org.backplane.service.schedule;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The schedules' meters, in the registry Spring Boot's actuator provides:
 * <ul>
 * <li>{@code backplane.schedule.interval} (gauge, seconds, tag {@code schedule}): the
 * longest time between two of the schedule's next ticks
 * ({@link ScheduleTiming#longestInterval}), for alert rules such as "no successful backup
 * for 2 × interval"; paused schedules are left out;</li>
 * <li>{@code backplane.schedule.skipped} (counter, tag {@code schedule}): ticks this
 * replica skipped because the previous run was still going.</li>
 * </ul>
 * In Prometheus: {@code backplane_schedule_interval_seconds} and
 * {@code backplane_schedule_skipped_total}.
 */
@Component
class ScheduleMetrics {

	static final String INTERVAL = "backplane.schedule.interval";

	static final String SKIPPED = "backplane.schedule.skipped";

	private final MeterRegistry registry;

	private final MultiGauge intervals;

	private final Clock clock;

	/** Intervals by cron and zone: they change only with the definition. */
	private final Map<String, Long> intervalCache = new ConcurrentHashMap<>();

	ScheduleMetrics(ObjectProvider<MeterRegistry> registry, Clock clock) {
		this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
		this.clock = clock;
		this.intervals = MultiGauge.builder(INTERVAL)
			.description("The longest time between two ticks of the schedule")
			.baseUnit("seconds")
			.register(this.registry);
	}

	/**
	 * Shows the intervals of these schedules, and only of these.
	 * @param schedules every schedule
	 */
	void show(List<Schedule> schedules) {
		this.intervals.register(schedules.stream()
			.filter((s) -> !s.isPaused())
			.map((s) -> MultiGauge.Row.of(Tags.of("schedule", s.getName()), intervalSeconds(s)))
			.toList(), true);
	}

	/**
	 * @param schedule a schedule
	 * @return the longest time between two of its next ticks, in seconds
	 */
	long intervalSeconds(Schedule schedule) {
		return this.intervalCache.computeIfAbsent(schedule.getCron() + "|" + schedule.getZone(),
				(key) -> schedule.timing().longestInterval(this.clock.instant()).toSeconds());
	}

	/**
	 * Counts a skipped tick.
	 * @param schedule the schedule's name
	 */
	void skipped(String schedule) {
		Counter.builder(SKIPPED)
			.description("Ticks skipped because the previous run of the schedule was still going")
			.tag("schedule", schedule)
			.register(this.registry)
			.increment();
	}

}
