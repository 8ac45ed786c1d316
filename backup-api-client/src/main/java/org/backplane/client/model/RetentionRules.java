package org.backplane.client.model;

/**
 * Which backups of a schedule (or of each label, for ad-hoc retention) to keep, with
 * restic's semantics: the rules are combined (a backup any rule keeps is kept), and every
 * other READY backup is deleted. Counts are 0 or more ({@code null} or 0: the rule is
 * off).
 *
 * @param keepLast keep the newest n backups
 * @param keepHourly keep the newest backup of each of the last n hours that have one
 * @param keepDaily keep the newest backup of each of the last n days that have one
 * @param keepWeekly keep the newest backup of each of the last n ISO weeks (Monday to
 * Sunday) that have one
 * @param keepMonthly keep the newest backup of each of the last n months that have one
 * @param keepYearly keep the newest backup of each of the last n years that have one
 * @param keepWithin keep every backup made within this long before the newest backup, as
 * restic writes it: {@code 2y5m7d3h} (years, months, days, hours; each part optional)
 */
public record RetentionRules(Integer keepLast, Integer keepHourly, Integer keepDaily, Integer keepWeekly,
		Integer keepMonthly, Integer keepYearly, String keepWithin) {
}
