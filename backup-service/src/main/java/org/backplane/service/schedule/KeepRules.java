package org.backplane.service.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backplane.client.model.RetentionRules;
import org.backplane.service.support.InvalidRequestException;

/**
 * Retention rules, checked: counts of 0 or more (0: the rule is off), and an optional
 * {@code keepWithin}. The rules are combined as restic combines its {@code --keep-*}
 * options: a backup any rule keeps is kept.
 *
 * @param last keep the newest n
 * @param hourly the newest of each of the last n hours that have a backup
 * @param daily likewise for days
 * @param weekly likewise for ISO weeks (Monday to Sunday)
 * @param monthly likewise for months
 * @param yearly likewise for years
 * @param within every backup within this of the newest, or {@code null}
 */
record KeepRules(int last, int hourly, int daily, int weekly, int monthly, int yearly, KeepWithin within) {

	private static final int MAX = 100_000;

	KeepRules {
		check("keepLast", last);
		check("keepHourly", hourly);
		check("keepDaily", daily);
		check("keepWeekly", weekly);
		check("keepMonthly", monthly);
		check("keepYearly", yearly);
	}

	private static void check(String name, int value) {
		if (value < 0 || value > MAX) {
			throw new InvalidRequestException(
					name + " must be between 0 (rule off) and " + MAX + ", got " + value + ": give a count of backups");
		}
	}

	/**
	 * Checks rules from the wire.
	 * @param rules the rules, or {@code null}
	 * @return the checked rules, or {@code null} when {@code rules} is {@code null}
	 * @throws InvalidRequestException naming what to fix
	 */
	static KeepRules of(RetentionRules rules) {
		if (rules == null) {
			return null;
		}
		return new KeepRules(count(rules.keepLast()), count(rules.keepHourly()), count(rules.keepDaily()),
				count(rules.keepWeekly()), count(rules.keepMonthly()), count(rules.keepYearly()),
				(rules.keepWithin() != null && !rules.keepWithin().isBlank()) ? KeepWithin.parse(rules.keepWithin())
						: null);
	}

	private static int count(Integer value) {
		return (value != null) ? value : 0;
	}

	/**
	 * @return whether no rule is on (such rules would delete every backup but the guarded
	 * ones, so they are refused)
	 */
	boolean isEmpty() {
		return this.last == 0 && this.hourly == 0 && this.daily == 0 && this.weekly == 0 && this.monthly == 0
				&& this.yearly == 0 && this.within == null;
	}

	/**
	 * @return the wire form, rules that are off left out ({@code null})
	 */
	RetentionRules toWire() {
		return new RetentionRules(orNull(this.last), orNull(this.hourly), orNull(this.daily), orNull(this.weekly),
				orNull(this.monthly), orNull(this.yearly), (this.within != null) ? this.within.toString() : null);
	}

	private static Integer orNull(int value) {
		return (value != 0) ? value : null;
	}

	/**
	 * @return the rules as stored (a JSON object of the rules that are on)
	 */
	Map<String, String> toMap() {
		Map<String, String> map = new LinkedHashMap<>();
		put(map, "keepLast", this.last);
		put(map, "keepHourly", this.hourly);
		put(map, "keepDaily", this.daily);
		put(map, "keepWeekly", this.weekly);
		put(map, "keepMonthly", this.monthly);
		put(map, "keepYearly", this.yearly);
		if (this.within != null) {
			map.put("keepWithin", this.within.toString());
		}
		return map;
	}

	private static void put(Map<String, String> map, String key, int value) {
		if (value != 0) {
			map.put(key, Integer.toString(value));
		}
	}

	/**
	 * @param map rules as stored, or {@code null}
	 * @return the rules, or {@code null}
	 */
	static KeepRules fromMap(Map<String, String> map) {
		if (map == null) {
			return null;
		}
		return of(new RetentionRules(integer(map.get("keepLast")), integer(map.get("keepHourly")),
				integer(map.get("keepDaily")), integer(map.get("keepWeekly")), integer(map.get("keepMonthly")),
				integer(map.get("keepYearly")), map.get("keepWithin")));
	}

	private static Integer integer(String value) {
		return (value != null) ? Integer.valueOf(value) : null;
	}

}
