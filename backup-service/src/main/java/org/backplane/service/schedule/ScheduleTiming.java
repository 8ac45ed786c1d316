package org.backplane.service.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;

import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule ticks: a cron expression in Spring's six-field syntax
 * ({@link CronExpression}: second, minute, hour, day of month, month, day of week) read
 * in a time zone.
 *
 * @param cron the expression as given
 * @param zone the zone its fields are read in
 * @param expression the parsed expression
 */
record ScheduleTiming(String cron, ZoneId zone, CronExpression expression) {

	/** How far ahead {@link #longestInterval} looks: a week and a day. */
	static final Duration INTERVAL_HORIZON = Duration.ofDays(8);

	/** At most this many ticks are looked at (a schedule ticking every second). */
	static final int INTERVAL_TICKS = 2000;

	/**
	 * At least this many ticks are looked at, whatever the horizon (a monthly schedule's
	 * longest month).
	 */
	static final int MIN_INTERVAL_TICKS = 13;

	/**
	 * Parses and checks a cron expression and a zone.
	 * @param cron six fields, e.g. {@code 0 0 3 * * *}
	 * @param zone a zone id such as {@code Europe/Paris}, or {@code null}/blank for UTC
	 * @return the timing
	 * @throws InvalidRequestException naming what to fix
	 */
	static ScheduleTiming parse(String cron, String zone) {
		if (cron == null || cron.isBlank()) {
			throw new InvalidRequestException("cron is required: six fields, second minute hour day-of-month month "
					+ "day-of-week, e.g. '0 0 3 * * *' for 03:00 every day");
		}
		Ids.checkText("cron", cron, 200);
		ZoneId zoneId;
		try {
			zoneId = (zone == null || zone.isBlank()) ? ZoneOffset.UTC : ZoneId.of(zone.strip());
		}
		catch (DateTimeException ex) {
			throw new InvalidRequestException("Unknown time zone '" + Ids.printable(zone)
					+ "': use a region id such as Europe/Paris or America/New_York, or UTC");
		}
		CronExpression expression;
		try {
			expression = CronExpression.parse(cron.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("Invalid cron '" + Ids.printable(cron) + "' (" + ex.getMessage()
					+ "): write six fields, second minute hour day-of-month month day-of-week, e.g. '0 0 3 * * *' "
					+ "for 03:00 every day or '0 */15 * * * MON-FRI' every 15 minutes on weekdays");
		}
		ScheduleTiming timing = new ScheduleTiming(cron.strip(), zoneId, expression);
		if (timing.nextAfter(Instant.now()) == null) {
			throw new InvalidRequestException("Cron '" + Ids.printable(cron)
					+ "' never fires (a date that does not exist, such as 30 February): change the day or month fields");
		}
		return timing;
	}

	/**
	 * @param after an instant
	 * @return the first tick strictly after it, or {@code null} if there is none
	 */
	Instant nextAfter(Instant after) {
		ZonedDateTime next = this.expression.next(after.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * The longest time between two consecutive ticks in the eight days after {@code from}
	 * (at most {@value #INTERVAL_TICKS} ticks; and at least the gap to the tick after
	 * them, for schedules ticking less than weekly): a weekday schedule's weekend gap
	 * counts, so an alert on {@code 2 × interval} does not fire every Monday.
	 * @param from an instant
	 * @return the interval, or zero if the schedule stops ticking
	 */
	Duration longestInterval(Instant from) {
		Duration longest = Duration.ZERO;
		Instant previous = nextAfter(from);
		Instant horizon = from.plus(INTERVAL_HORIZON);
		for (int i = 0; previous != null && i < INTERVAL_TICKS; i++) {
			Instant next = nextAfter(previous);
			if (next == null) {
				break;
			}
			Duration gap = Duration.between(previous, next);
			if (gap.compareTo(longest) > 0) {
				longest = gap;
			}
			previous = next;
			if (previous.isAfter(horizon) && i >= MIN_INTERVAL_TICKS) {
				break;
			}
		}
		return longest;
	}

}
