package org.backplane.service.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
	 * Plans retention for the backups of one label held in memory (tests, small
	 * histories): sorts them and walks them with a {@link Walk}.
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
		List<BackupHistoryEntry> complete = sorted.stream().filter(RetentionPlanner::isComplete).toList();
		Instant newest = complete.isEmpty() ? null : complete.get(0).createdAt();
		Instant latest = complete.stream()
			.map(BackupHistoryEntry::createdAt)
			.filter((time) -> !time.isAfter(now))
			.findFirst()
			.orElse(newest);
		String oldest = complete.isEmpty() ? null : complete.get(complete.size() - 1).id();
		Walk walk = new Walk(rules, zone, new BackupHistoryEntry.Summary(newest, latest, oldest));
		return sorted.stream().map(walk::next).toList();
	}

	/**
	 * Whether a backup takes a place in the rules: READY or RESTORING (which becomes
	 * READY again), and not being deleted.
	 * @param backup the backup
	 * @return whether it is complete
	 */
	static boolean isComplete(BackupHistoryEntry backup) {
		return !backup.deleting()
				&& (backup.status() == BackupStatus.STATUS_READY || backup.status() == BackupStatus.STATUS_RESTORING);
	}

	/**
	 * Retention over one label's backups handed over one at a time, newest first (ties by
	 * id, descending): holds a bounded state (one counter and one period per rule), so a
	 * history of any length is planned a page at a time.
	 */
	static final class Walk {

		private final KeepRules rules;

		private final BackupHistoryEntry.Summary summary;

		private final Instant windowStart;

		private final List<Counter> counters = new ArrayList<>();

		private int completeSeen;

		/**
		 * Starts a walk.
		 * @param rules the rules
		 * @param zone the zone of the calendar periods
		 * @param summary what is known of the label's complete backups beforehand
		 */
		Walk(KeepRules rules, ZoneId zone, BackupHistoryEntry.Summary summary) {
			this.rules = rules;
			this.summary = summary;
			this.windowStart = (rules.within() != null && summary.latestComplete() != null)
					? rules.within().windowStart(summary.latestComplete().atZone(zone)).toInstant() : null;
			this.counters.add(new Counter("keepLast", rules.last(), null, zone));
			this.counters.add(new Counter("keepHourly", rules.hourly(), (t) -> t.getYear() * 1_000_000L
					+ t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L + t.getHour(), zone));
			this.counters.add(new Counter("keepDaily", rules.daily(),
					(t) -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth(), zone));
			this.counters.add(new Counter("keepWeekly", rules.weekly(),
					(t) -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), zone));
			this.counters
				.add(new Counter("keepMonthly", rules.monthly(), (t) -> t.getYear() * 100L + t.getMonthValue(), zone));
			this.counters.add(new Counter("keepYearly", rules.yearly(), (t) -> (long) t.getYear(), zone));
		}

		/**
		 * Plans the next backup.
		 * @param backup the next backup, older than (or as old as, with a smaller id) the
		 * previous one
		 * @return its verdict
		 */
		Verdict next(BackupHistoryEntry backup) {
			if (backup.deleting()) {
				return new Verdict(backup, false, List.of("deletion started earlier, retried"));
			}
			List<String> reasons = new ArrayList<>();
			boolean newestComplete = false;
			if (isComplete(backup)) {
				int index = this.completeSeen++;
				newestComplete = index == 0;
				if (this.windowStart != null && backup.createdAt().isAfter(this.windowStart)) {
					reasons.add("keepWithin " + this.rules.within());
				}
				boolean oldest = backup.id().equals(this.summary.oldestCompleteId());
				for (Counter counter : this.counters) {
					counter.offer(backup, index, oldest, reasons);
				}
			}
			if (backup.pinned()) {
				reasons.add("pinned");
			}
			if (newestComplete) {
				reasons.add("newest ready backup");
			}
			if (backup.status() == BackupStatus.STATUS_RESTORING) {
				reasons.add("being restored");
			}
			if (backup.status() == BackupStatus.STATUS_BACKING_UP) {
				reasons.add("being written");
			}
			if (backup.status() == BackupStatus.STATUS_ERROR && !backup.pinned()) {
				Instant newest = this.summary.newestComplete();
				if (newest == null || backup.createdAt().isAfter(newest)) {
					reasons.add("failed, newer than the newest ready backup");
				}
				else {
					return new Verdict(backup, false, List.of("failed, older than the newest ready backup"));
				}
			}
			return reasons.isEmpty() ? new Verdict(backup, false, List.of("no rule keeps it"))
					: new Verdict(backup, true, List.copyOf(reasons));
		}

	}

	/**
	 * One counting rule, as restic's buckets: walking newest first, a backup whose period
	 * differs from the previous kept one's is kept while the count lasts; the oldest
	 * backup is kept too if the count is not used up.
	 */
	private static final class Counter {

		private final String rule;

		private final int count;

		private final ToLongFunction<ZonedDateTime> period;

		private final ZoneId zone;

		private int left;

		private Long last;

		private int kept;

		/**
		 * @param rule the rule's name, for the reasons
		 * @param count how many periods it keeps; 0 for none
		 * @param period the period of a time, or {@code null} for {@code keepLast} (every
		 * backup is its own period)
		 * @param zone the zone of the periods
		 */
		Counter(String rule, int count, ToLongFunction<ZonedDateTime> period, ZoneId zone) {
			this.rule = rule;
			this.count = count;
			this.period = period;
			this.zone = zone;
			this.left = count;
		}

		void offer(BackupHistoryEntry backup, int index, boolean oldest, List<String> reasons) {
			if (this.left <= 0) {
				return;
			}
			long value = (this.period != null) ? this.period.applyAsLong(backup.createdAt().atZone(this.zone)) : index;
			if (this.last == null || value != this.last || oldest) {
				String reason = (this.last != null && value == this.last)
						? this.rule + " (oldest: fewer periods than " + this.count + ")"
						: this.rule + " #" + (++this.kept);
				reasons.add(reason);
				this.last = value;
				this.left--;
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
