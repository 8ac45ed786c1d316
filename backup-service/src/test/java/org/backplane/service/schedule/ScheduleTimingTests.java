package org.backplane.service.schedule;

import java.time.Duration;
import java.time.Instant;

import org.backplane.client.model.RetentionRules;
import org.backplane.service.support.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScheduleTimingTests {

	@Test
	void readsTheFieldsInTheScheduleZone() {
		ScheduleTiming paris = ScheduleTiming.parse("0 0 3 * * *", "Europe/Paris");
		// 03:00 in Paris is 02:00 UTC in winter, 01:00 UTC in summer
		assertThat(paris.nextAfter(Instant.parse("2025-01-10T12:00:00Z"))).isEqualTo("2025-01-11T02:00:00Z");
		assertThat(paris.nextAfter(Instant.parse("2025-07-10T12:00:00Z"))).isEqualTo("2025-07-11T01:00:00Z");
		assertThat(ScheduleTiming.parse("0 0 3 * * *", null).nextAfter(Instant.parse("2025-01-10T12:00:00Z")))
			.isEqualTo("2025-01-11T03:00:00Z");
	}

	@Test
	void intervalIsTheLongestGapBetweenTicksSoWeekendsCount() {
		Instant from = Instant.parse("2025-01-08T12:00:00Z");
		assertThat(ScheduleTiming.parse("0 0 3 * * *", "UTC").longestInterval(from)).isEqualTo(Duration.ofDays(1));
		assertThat(ScheduleTiming.parse("0 0 3 * * MON-FRI", "UTC").longestInterval(from))
			.isEqualTo(Duration.ofDays(3));
		assertThat(ScheduleTiming.parse("0 */15 * * * *", "UTC").longestInterval(from))
			.isEqualTo(Duration.ofMinutes(15));
		assertThat(ScheduleTiming.parse("0 0 4 1 * *", "UTC").longestInterval(from)).isEqualTo(Duration.ofDays(31));
	}

	@Test
	void badCronOrZoneSaysWhatToFix() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> ScheduleTiming.parse("0 3 * * *", "UTC"))
			.withMessageStartingWith("Invalid cron '0 3 * * *'")
			.withMessageContaining("six fields");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> ScheduleTiming.parse("0 0 3 * * *", "Mars/Olympus"))
			.withMessageContaining("Unknown time zone 'Mars/Olympus'")
			.withMessageContaining("Europe/Paris");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> ScheduleTiming.parse("0 0 0 30 2 *", "UTC"))
			.withMessageContaining("never fires");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> ScheduleTiming.parse(null, "UTC"))
			.withMessageContaining("cron is required");
	}

	@Test
	void badRulesSayWhatToFix() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> KeepRules.of(new RetentionRules(-1, null, null, null, null, null, null)))
			.withMessageContaining("keepLast must be between 0");
		for (String within : new String[] { "2w", "5", "y", "1d1d", "0d", "1.5d", "" + "3d " + "x" }) {
			assertThatExceptionOfType(InvalidRequestException.class).as(within)
				.isThrownBy(() -> KeepRules.of(new RetentionRules(null, null, null, null, null, null, within)))
				.withMessageContaining("Invalid keepWithin")
				.withMessageContaining("2y5m7d3h");
		}
		assertThat(KeepRules.of(new RetentionRules(null, null, null, null, null, null, null)).isEmpty()).isTrue();
	}

}
