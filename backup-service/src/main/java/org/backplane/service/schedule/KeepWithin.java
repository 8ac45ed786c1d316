package org.backplane.service.schedule;

import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;

/**
 * A {@code keepWithin} duration as restic writes it: {@code 2y5m7d3h}, each part
 * optional, in that order or any other, each unit at most once.
 *
 * @param years years
 * @param months months
 * @param days days
 * @param hours hours
 */
record KeepWithin(int years, int months, int days, int hours) {

	private static final Pattern PART = Pattern.compile("(\\d{1,6})([ymdh])");

	/**
	 * Parses a duration.
	 * @param text e.g. {@code 2y5m7d3h}
	 * @return the duration
	 * @throws InvalidRequestException naming what to fix
	 */
	static KeepWithin parse(String text) {
		String trimmed = text.strip();
		Matcher matcher = PART.matcher(trimmed);
		int[] values = new int[4];
		boolean[] seen = new boolean[4];
		int at = 0;
		while (at < trimmed.length()) {
			if (!matcher.find(at) || matcher.start() != at) {
				throw invalid(text);
			}
			int unit = "ymdh".indexOf(matcher.group(2));
			if (seen[unit]) {
				throw invalid(text);
			}
			seen[unit] = true;
			values[unit] = Integer.parseInt(matcher.group(1));
			at = matcher.end();
		}
		KeepWithin within = new KeepWithin(values[0], values[1], values[2], values[3]);
		if (within.isZero()) {
			throw invalid(text);
		}
		return within;
	}

	private static InvalidRequestException invalid(String text) {
		return new InvalidRequestException("Invalid keepWithin '" + Ids.printable(text)
				+ "': write a duration as restic does, numbers followed by y (years), m (months), d (days) or h "
				+ "(hours), each unit once, e.g. 2y5m7d3h or 14d; it must not be zero");
	}

	/**
	 * @return whether every part is zero
	 */
	boolean isZero() {
		return this.years == 0 && this.months == 0 && this.days == 0 && this.hours == 0;
	}

	/**
	 * The start of the window ending at {@code newest}: years, months and days back on
	 * the calendar of its zone (a month back from 31 March is 28 or 29 February), then
	 * hours back in absolute time.
	 * @param newest the newest backup's time, in the retention's zone
	 * @return the start; a backup strictly after it is within
	 */
	ZonedDateTime windowStart(ZonedDateTime newest) {
		return newest.minusMonths(12L * this.years + this.months).minusDays(this.days).minusHours(this.hours);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		append(text, this.years, 'y');
		append(text, this.months, 'm');
		append(text, this.days, 'd');
		append(text, this.hours, 'h');
		return text.toString();
	}

	private static void append(StringBuilder text, int value, char unit) {
		if (value != 0) {
			text.append(value).append(unit);
		}
	}

}
