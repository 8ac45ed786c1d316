package org.backplane.service.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.backplane.client.model.RetentionRules;
import org.backplane.service.backup.BackupHistoryEntry;
import org.backplane.service.backup.BackupStatus;
import org.backplane.service.schedule.RetentionPlanner.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention's rules and guards on generated histories, checked against expectations
 * worked out by hand (see docs/schedules.md for the same example explained).
 */
class RetentionPlannerTests {

	private static final ZoneId UTC = ZoneOffset.UTC;

	/**
	 * What {@code keepLast 3, keepHourly 5, keepDaily 10, keepWeekly 6, keepMonthly 14,
	 * keepYearly 3, keepWithin 3d} keeps of {@link #twoYears()}, worked out by hand,
	 * newest first.
	 */
	static final List<String> KEPT_BY_HAND = List.of(
			// 6 Dec 2025: 15:00-13:00 keepLast, 15:00-11:00 keepHourly, all eight
			// within 3 days of the newest (after 3 Dec 15:00)
			"2025-12-06T15:00:00Z", "2025-12-06T14:00:00Z", "2025-12-06T13:00:00Z", "2025-12-06T12:00:00Z",
			"2025-12-06T11:00:00Z", "2025-12-06T10:00:00Z", "2025-12-06T09:00:00Z", "2025-12-06T03:00:00Z",
			// keepDaily 10: 6 Dec (15:00) and 5 Dec back to 27 Nov
			"2025-12-05T03:00:00Z", "2025-12-04T03:00:00Z", "2025-12-03T03:00:00Z", "2025-12-02T03:00:00Z",
			"2025-12-01T03:00:00Z", "2025-11-30T03:00:00Z", "2025-11-29T03:00:00Z", "2025-11-28T03:00:00Z",
			"2025-11-27T03:00:00Z",
			// keepWeekly 6: week of 1 Dec (6 Dec 15:00), then the Sundays 30 Nov (also
			// daily), 23, 16, 9, 2 Nov
			"2025-11-23T03:00:00Z", "2025-11-16T03:00:00Z", "2025-11-09T03:00:00Z", "2025-11-02T03:00:00Z",
			// keepMonthly 14: Dec 2025 (6 Dec), Nov (30 Nov), the last day of Oct back to
			// Jan 2025, then the last Monday of Dec and Nov 2024
			"2025-10-31T03:00:00Z", "2025-09-30T03:00:00Z", "2025-08-31T03:00:00Z", "2025-07-31T03:00:00Z",
			"2025-06-30T03:00:00Z", "2025-05-31T03:00:00Z", "2025-04-30T03:00:00Z", "2025-03-31T03:00:00Z",
			"2025-02-28T03:00:00Z", "2025-01-31T03:00:00Z", "2024-12-30T03:00:00Z", "2024-11-25T03:00:00Z",
			// keepYearly 3: 2025 (6 Dec), 2024 (30 Dec, also monthly), and, with only
			// two years having a backup, the oldest
			"2024-01-01T03:00:00Z");

	/**
	 * 400 READY backups over two years: every Monday of 2024 at 03:00 (53), every day of
	 * 2025 from 1 January to 6 December at 03:00 (340), and seven more on 6 December 2025
	 * at 09:00 to 15:00 (7).
	 */
	static List<BackupHistoryEntry> twoYears() {
		List<BackupHistoryEntry> history = new ArrayList<>();
		for (LocalDate day = LocalDate.of(2024, 1, 1); day.getYear() == 2024; day = day.plusDays(1)) {
			if (day.getDayOfWeek() == DayOfWeek.MONDAY) {
				history.add(ready(day + "T03:00:00Z"));
			}
		}
		for (LocalDate day = LocalDate.of(2025, 1, 1); !day.isAfter(LocalDate.of(2025, 12, 6)); day = day.plusDays(1)) {
			history.add(ready(day + "T03:00:00Z"));
		}
		for (int hour = 9; hour <= 15; hour++) {
			history.add(ready(String.format("2025-12-06T%02d:00:00Z", hour)));
		}
		return history;
	}

	@Test
	void generatedHistoryHasFourHundredBackupsOverTwoYears() {
		List<BackupHistoryEntry> history = twoYears();
		assertThat(history).hasSize(400);
		assertThat(history.get(0).createdAt()).isEqualTo("2024-01-01T03:00:00Z");
		assertThat(history.get(399).createdAt()).isEqualTo("2025-12-06T15:00:00Z");
	}

	@Test
	void twoYearsOfBackupsKeepExactlyWhatTheRulesSelectByHand() {
		KeepRules rules = KeepRules.of(new RetentionRules(3, 5, 10, 6, 14, 3, "3d"));
		List<Verdict> verdicts = RetentionPlanner.plan(twoYears(), rules, UTC, Instant.parse("2025-12-06T16:00:00Z"));
		assertThat(kept(verdicts)).containsExactlyElementsOf(KEPT_BY_HAND);
		assertThat(verdicts.stream().filter((v) -> !v.keep())).hasSize(400 - 34)
			.allSatisfy((v) -> assertThat(v.reasons()).containsExactly("no rule keeps it"));
		Map<Instant, List<String>> reasons = reasons(verdicts);
		assertThat(reasons.get(Instant.parse("2025-12-06T15:00:00Z"))).containsExactly("keepWithin 3d", "keepLast #1",
				"keepHourly #1", "keepDaily #1", "keepWeekly #1", "keepMonthly #1", "keepYearly #1",
				"newest ready backup");
		assertThat(reasons.get(Instant.parse("2025-12-06T11:00:00Z"))).containsExactly("keepWithin 3d",
				"keepHourly #5");
		assertThat(reasons.get(Instant.parse("2025-11-27T03:00:00Z"))).containsExactly("keepDaily #10");
		assertThat(reasons.get(Instant.parse("2025-11-30T03:00:00Z"))).containsExactly("keepDaily #7", "keepWeekly #2",
				"keepMonthly #2");
		assertThat(reasons.get(Instant.parse("2024-11-25T03:00:00Z"))).containsExactly("keepMonthly #14");
		assertThat(reasons.get(Instant.parse("2024-12-30T03:00:00Z"))).containsExactly("keepMonthly #13",
				"keepYearly #2");
		assertThat(reasons.get(Instant.parse("2024-01-01T03:00:00Z")))
			.containsExactly("keepYearly (oldest: fewer periods than 3)");
	}

	@Test
	void guardsKeepPinnedRestoringAndTheNewestReadyBackupWhateverTheRules() {
		List<BackupHistoryEntry> history = new ArrayList<>(twoYears());
		// the three newest failed: the newest READY one is then 6 Dec 12:00
		for (int hour = 13; hour <= 15; hour++) {
			replace(history, String.format("2025-12-06T%02d:00:00Z", hour), BackupStatus.STATUS_ERROR, false);
		}
		replace(history, "2024-06-03T03:00:00Z", BackupStatus.STATUS_READY, true);
		replace(history, "2025-03-15T03:00:00Z", BackupStatus.STATUS_RESTORING, false);
		replace(history, "2025-03-16T03:00:00Z", BackupStatus.STATUS_ERROR, false);
		replace(history, "2025-03-17T03:00:00Z", BackupStatus.STATUS_ERROR, true);
		history.add(entry("2025-12-06T15:30:00Z", BackupStatus.STATUS_BACKING_UP, false, null));
		history.add(
				entry("2025-05-05T03:30:00Z", BackupStatus.STATUS_ERROR, false, Instant.parse("2025-12-01T00:00:00Z")));
		KeepRules rules = KeepRules.of(new RetentionRules(1, null, null, null, null, null, null));
		Map<Instant, Verdict> verdicts = RetentionPlanner
			.plan(history, rules, UTC, Instant.parse("2025-12-06T16:00:00Z"))
			.stream()
			.collect(Collectors.toMap((v) -> v.backup().createdAt(), (v) -> v));
		assertThat(kept(List.copyOf(verdicts.values()))).containsExactlyInAnyOrder("2025-12-06T15:30:00Z",
				"2025-12-06T15:00:00Z", "2025-12-06T14:00:00Z", "2025-12-06T13:00:00Z", "2025-12-06T12:00:00Z",
				"2025-03-17T03:00:00Z", "2025-03-15T03:00:00Z", "2024-06-03T03:00:00Z");
		assertThat(verdicts.get(Instant.parse("2025-12-06T15:30:00Z")).reasons()).containsExactly("being written");
		assertThat(verdicts.get(Instant.parse("2025-12-06T15:00:00Z")).reasons())
			.containsExactly("failed, newer than the newest ready backup");
		assertThat(verdicts.get(Instant.parse("2025-12-06T12:00:00Z")).reasons()).containsExactly("keepLast #1",
				"newest ready backup");
		assertThat(verdicts.get(Instant.parse("2025-03-15T03:00:00Z")).reasons()).containsExactly("being restored");
		assertThat(verdicts.get(Instant.parse("2025-03-16T03:00:00Z")).reasons())
			.containsExactly("failed, older than the newest ready backup");
		assertThat(verdicts.get(Instant.parse("2025-03-17T03:00:00Z")).reasons()).containsExactly("pinned");
		assertThat(verdicts.get(Instant.parse("2024-06-03T03:00:00Z")).reasons()).containsExactly("pinned");
		assertThat(verdicts.get(Instant.parse("2025-05-05T03:30:00Z")).reasons())
			.containsExactly("deletion started earlier, retried");
	}

	@Test
	void aRestoringBackupTakesItsPlaceInTheRules() {
		List<BackupHistoryEntry> history = List.of(
				entry("2025-01-03T03:00:00Z", BackupStatus.STATUS_RESTORING, false, null),
				ready("2025-01-02T03:00:00Z"), ready("2025-01-01T03:00:00Z"));
		KeepRules rules = KeepRules.of(new RetentionRules(2, null, null, null, null, null, null));
		assertThat(kept(RetentionPlanner.plan(history, rules, UTC, Instant.parse("2025-01-04T00:00:00Z"))))
			.containsExactly("2025-01-03T03:00:00Z", "2025-01-02T03:00:00Z");
	}

	@Test
	void calendarPeriodsAreThoseOfTheZone() {
		// 23:30 and 00:30 UTC are two days in UTC, one day (08:30 and 09:30) in Tokyo
		List<BackupHistoryEntry> history = List.of(ready("2025-03-02T00:30:00Z"), ready("2025-03-01T23:30:00Z"),
				ready("2025-02-27T12:00:00Z"));
		KeepRules daily = KeepRules.of(new RetentionRules(null, null, 2, null, null, null, null));
		Instant now = Instant.parse("2025-03-03T00:00:00Z");
		assertThat(kept(RetentionPlanner.plan(history, daily, UTC, now))).containsExactly("2025-03-02T00:30:00Z",
				"2025-03-01T23:30:00Z");
		assertThat(kept(RetentionPlanner.plan(history, daily, ZoneId.of("Asia/Tokyo"), now)))
			.containsExactly("2025-03-02T00:30:00Z", "2025-02-27T12:00:00Z");
	}

	@Test
	void weeksRunFromMondayToSunday() {
		// Sunday 9 and Monday 10 March 2025 are in two ISO weeks; Saturday 8 and Sunday 9
		// in one
		List<BackupHistoryEntry> history = List.of(ready("2025-03-10T01:00:00Z"), ready("2025-03-09T01:00:00Z"),
				ready("2025-03-08T01:00:00Z"), ready("2025-03-02T01:00:00Z"));
		KeepRules weekly = KeepRules.of(new RetentionRules(null, null, null, 3, null, null, null));
		assertThat(kept(RetentionPlanner.plan(history, weekly, UTC, Instant.parse("2025-03-11T00:00:00Z"))))
			.containsExactly("2025-03-10T01:00:00Z", "2025-03-09T01:00:00Z", "2025-03-02T01:00:00Z");
	}

	@Test
	void keepWithinCountsFromTheNewestBackupThatIsNotInTheFuture() {
		List<BackupHistoryEntry> history = List.of(ready("2025-06-30T00:00:00Z"), ready("2025-03-10T00:00:00Z"),
				ready("2025-03-01T00:00:01Z"), ready("2025-02-28T23:00:00Z"));
		KeepRules within = KeepRules.of(new RetentionRules(null, null, null, null, null, null, "9d"));
		// now is 11 March: the backup of 30 June is in the future (a wrong clock), so the
		// window is the 9 days before 10 March
		assertThat(kept(RetentionPlanner.plan(history, within, UTC, Instant.parse("2025-03-11T00:00:00Z"))))
			.containsExactly("2025-06-30T00:00:00Z", "2025-03-10T00:00:00Z", "2025-03-01T00:00:01Z");
	}

	@Test
	void aMonthBackFromTheEndOfAMonthIsTheEndOfTheShorterMonth() {
		KeepWithin month = KeepWithin.parse("1m");
		assertThat(month.windowStart(Instant.parse("2025-03-31T10:00:00Z").atZone(UTC)).toInstant())
			.isEqualTo("2025-02-28T10:00:00Z");
		assertThat(KeepWithin.parse("2y5m7d3h")).isEqualTo(new KeepWithin(2, 5, 7, 3));
		assertThat(KeepWithin.parse("3h1d")).hasToString("1d3h");
	}

	private static List<String> kept(List<Verdict> verdicts) {
		return verdicts.stream()
			.filter(Verdict::keep)
			.sorted((a, b) -> b.backup().createdAt().compareTo(a.backup().createdAt()))
			.map((v) -> v.backup().createdAt().toString())
			.toList();
	}

	private static Map<Instant, List<String>> reasons(List<Verdict> verdicts) {
		return verdicts.stream().collect(Collectors.toMap((v) -> v.backup().createdAt(), Verdict::reasons));
	}

	private static void replace(List<BackupHistoryEntry> history, String at, BackupStatus status, boolean pinned) {
		Instant time = Instant.parse(at);
		int index = -1;
		for (int i = 0; i < history.size(); i++) {
			if (history.get(i).createdAt().equals(time)) {
				index = i;
			}
		}
		assertThat(index).as("a backup at " + at).isNotNegative();
		history.set(index, new BackupHistoryEntry(history.get(index).id(), "nightly", status, time, pinned, null));
	}

	static BackupHistoryEntry ready(String at) {
		return entry(at, BackupStatus.STATUS_READY, false, null);
	}

	static BackupHistoryEntry entry(String at, BackupStatus status, boolean pinned, Instant deletingSince) {
		return new BackupHistoryEntry("nightly-" + UUID.randomUUID(), "nightly", status, Instant.parse(at), pinned,
				deletingSince);
	}

}
