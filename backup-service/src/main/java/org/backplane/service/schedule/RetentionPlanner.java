package org.backplane.service.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.backplane.service.backup.BackupHistoryEntry;
import org.backplane.service.backup.BackupStatus;

/**
 * Decides which backups of one label (one schedule) retention keeps and deletes: pure
 * logic, no I/O.
 * <p>
 * The rules work as restic's {@code forget} ({@code internal/data/snapshot_policy.go}):
 * the complete backups (READY, or RESTORING, which becomes READY again) are walked newest
 * first; {@code keepLast n} keeps the first n; {@code keepHourly|Daily|Weekly|Monthly|
 * Yearly n} keep the newest backup of each calendar period (in {@code zone}; ISO weeks,
 * Monday to Sunday) until n periods that have a backup are kept, and, when fewer than n
 * periods have one, the oldest backup too; {@code keepWithin d} keeps every backup made
 * after the newest backup (that is not in the future) minus {@code d}. A backup any rule
 * keeps is kept.
 * <p>
 * Then the guards, which no rule overrides: a pinned backup is kept; the newest complete
 * backup is kept; a backup being restored or written is kept; a backup being deleted is
 * deleted again (a retry). A failed (ERROR) backup takes no place in any rule: it is kept
 * while it is newer than the newest complete backup (the latest failures stay visible
 * until a backup succeeds) and deleted otherwise.
 */
final class RetentionPlanner {

	private RetentionPlanner() {
	}

	/**
	 * Plans retention for the backups of one label.
	 * @param backups the backups, in any order
	 * @param rules the rules
	 * @param zone the zone of the calendar periods
	 * @param now the time: a backup after it does not count as the newest for
	 * {@code keepWithin}
	 * @return one verdict per backup, newest first (ties by id, descending)
	 */
	static List<Verdict> plan(List<BackupHistoryEntry> backups, KeepRules rules, ZoneId zone, Instant now) {
		List<BackupHistoryEntry> sorted = new ArrayList<>(backups);
		sorted
			.sort(Comparator.comparing(BackupHistoryEntry::createdAt).thenComparing(BackupHistoryEntry::id).reversed());
		Map<BackupHistoryEntry, List<String>> keptBy = new LinkedHashMap<>();
		List<BackupHistoryEntry> complete = sorted.stream().filter((b) -> !b.deleting() && isComplete(b)).toList();
		applyRules(complete, rules, zone, now, keptBy);
		Instant newestComplete = complete.isEmpty() ? null : complete.get(0).createdAt();
		List<Verdict> verdicts = new ArrayList<>();
		for (BackupHistoryEntry backup : sorted) {
			List<String> reasons = new ArrayList<>(keptBy.getOrDefault(backup, List.of()));
			if (backup.deleting()) {
				verdicts.add(new Verdict(backup, false, List.of("deletion started earlier, retried")));
				continue;
			}
			if (backup.pinned()) {
				reasons.add("pinned");
			}
			if (!complete.isEmpty() && backup == complete.get(0)) {
				reasons.add("newest ready backup");
			}
			if (backup.status() == BackupStatus.STATUS_RESTORING) {
				reasons.add("being restored");
			}
			if (backup.status() == BackupStatus.STATUS_BACKING_UP) {
				reasons.add("being written");
			}
			if (backup.status() == BackupStatus.STATUS_ERROR && !backup.pinned()) {
				if (newestComplete == null || backup.createdAt().isAfter(newestComplete)) {
					reasons.add("failed, newer than the newest ready backup");
				}
				else {
					verdicts.add(new Verdict(backup, false, List.of("failed, older than the newest ready backup")));
					continue;
				}
			}
			verdicts.add(reasons.isEmpty() ? new Verdict(backup, false, List.of("no rule keeps it"))
					: new Verdict(backup, true, List.copyOf(reasons)));
		}
		return verdicts;
	}

	private static boolean isComplete(BackupHistoryEntry backup) {
		return backup.status() == BackupStatus.STATUS_READY || backup.status() == BackupStatus.STATUS_RESTORING;
	}

	private static void applyRules(List<BackupHistoryEntry> complete, KeepRules rules, ZoneId zone, Instant now,
			Map<BackupHistoryEntry, List<String>> keptBy) {
		if (complete.isEmpty()) {
			return;
		}
		if (rules.within() != null) {
			Instant latest = complete.stream()
				.map(BackupHistoryEntry::createdAt)
				.filter((time) -> !time.isAfter(now))
				.findFirst()
				.orElse(complete.get(0).createdAt());
			Instant start = rules.within().windowStart(latest.atZone(zone)).toInstant();
			for (BackupHistoryEntry backup : complete) {
				if (backup.createdAt().isAfter(start)) {
					keptBy.computeIfAbsent(backup, (b) -> new ArrayList<>()).add("keepWithin " + rules.within());
				}
			}
		}
		bucket(complete, "keepLast", rules.last(), null, zone, keptBy);
		bucket(complete, "keepHourly", rules.hourly(),
				(t) -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L + t.getHour(),
				zone, keptBy);
		bucket(complete, "keepDaily", rules.daily(),
				(t) -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth(), zone, keptBy);
		bucket(complete, "keepWeekly", rules.weekly(),
				(t) -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), zone,
				keptBy);
		bucket(complete, "keepMonthly", rules.monthly(), (t) -> t.getYear() * 100L + t.getMonthValue(), zone, keptBy);
		bucket(complete, "keepYearly", rules.yearly(), (t) -> (long) t.getYear(), zone, keptBy);
	}

	/**
	 * One counting rule, as restic's buckets: walking newest first, a backup whose period
	 * differs from the previous kept one's is kept while the count lasts; the oldest
	 * backup is kept too if the count is not used up.
	 * @param complete the complete backups, newest first
	 * @param rule the rule's name, for the reasons
	 * @param count how many periods it keeps; 0 for none
	 * @param period the period of a time, or {@code null} for {@code keepLast} (every
	 * backup is its own period)
	 * @param zone the zone of the periods
	 * @param keptBy the reasons found so far, added to
	 */
	private static void bucket(List<BackupHistoryEntry> complete, String rule, int count,
			ToLongFunction<ZonedDateTime> period, ZoneId zone, Map<BackupHistoryEntry, List<String>> keptBy) {
		int left = count;
		Long last = null;
		int kept = 0;
		for (int i = 0; i < complete.size() && left > 0; i++) {
			BackupHistoryEntry backup = complete.get(i);
			long value = (period != null) ? period.applyAsLong(backup.createdAt().atZone(zone)) : i;
			boolean oldest = i == complete.size() - 1;
			if (last == null || value != last || oldest) {
				String reason = (last != null && value == last) ? rule + " (oldest: fewer periods than " + count + ")"
						: rule + " #" + (++kept);
				keptBy.computeIfAbsent(backup, (b) -> new ArrayList<>()).add(reason);
				last = value;
				left--;
			}
		}
	}

	/**
	 * What retention does with one backup.
	 *
	 * @param backup the backup
	 * @param keep whether it is kept
	 * @param reasons why it is kept (the rules and guards), or why it is deleted
	 */
	record Verdict(BackupHistoryEntry backup, boolean keep, List<String> reasons) {
	}

}
