package org.backplane.service.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.RetentionItem;
import org.backplane.client.model.RetentionReport;
import org.backplane.service.backup.BackupCatalogue;
import org.backplane.service.backup.BackupHistoryEntry;
import org.backplane.service.backup.BackupService;
import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.Role;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Applies retention rules ({@link RetentionPlanner}) to the catalogue: reads the backups
 * of a label or a label prefix, plans each label on its own, and deletes through
 * {@link BackupService#delete} (which refuses a pinned backup and one in use, marks the
 * backup {@code STATUS_ERROR} before its objects go, and leaves a failed deletion to be
 * retried). The backups are read in keyset pages, by label and newest first, and planned
 * as they come ({@link RetentionPlanner.Walk}), so memory does not grow with the number
 * of backups (but for the report of a dry run or an ad-hoc run, which lists every
 * backup).
 */
@Service
class RetentionService {

	/** How many backups one page of the history holds. */
	static final int PAGE_SIZE = 500;

	private static final Log logger = LogFactory.getLog(RetentionService.class);

	private final BackupCatalogue catalogue;

	private final BackupService backups;

	private final Clock clock;

	private final int pageSize;

	@Autowired
	RetentionService(BackupCatalogue catalogue, BackupService backups, Clock clock) {
		this(catalogue, backups, clock, PAGE_SIZE);
	}

	RetentionService(BackupCatalogue catalogue, BackupService backups, Clock clock, int pageSize) {
		this.catalogue = catalogue;
		this.backups = backups;
		this.clock = clock;
		this.pageSize = pageSize;
	}

	/**
	 * Applies (or previews) rules to the backups whose label starts with a prefix, each
	 * label on its own, and reports every verdict.
	 * @param prefix the label prefix
	 * @param exactLabel only the label equal to {@code prefix} (a schedule's backups)
	 * @param rules the rules
	 * @param zone the zone of the calendar periods
	 * @param dryRun whether to delete nothing
	 * @param deleter on whose behalf backups are deleted (the admin role)
	 * @return what was (or would be) kept and deleted
	 */
	RetentionReport apply(String prefix, boolean exactLabel, KeepRules rules, ZoneId zone, boolean dryRun,
			Caller deleter) {
		List<RetentionItem> keep = new ArrayList<>();
		List<RetentionItem> delete = new ArrayList<>();
		walk(prefix, exactLabel, rules, zone, dryRun, deleter, (item, kept) -> (kept ? keep : delete).add(item));
		return new RetentionReport(dryRun, keep, delete);
	}

	/**
	 * Applies rules to the backups whose label starts with a prefix, each label on its
	 * own, keeping only counts (a schedule's retention: memory does not grow with the
	 * number of backups).
	 * @param prefix the label prefix
	 * @param exactLabel only the label equal to {@code prefix} (a schedule's backups)
	 * @param rules the rules
	 * @param zone the zone of the calendar periods
	 * @param deleter on whose behalf backups are deleted (the admin role)
	 * @return how many backups were kept and deleted
	 */
	Tally applyCounting(String prefix, boolean exactLabel, KeepRules rules, ZoneId zone, Caller deleter) {
		int[] counts = new int[3];
		walk(prefix, exactLabel, rules, zone, false, deleter,
				(item, kept) -> counts[kept ? 0 : ("deleted".equals(item.outcome()) ? 1 : 2)]++);
		return new Tally(counts[0], counts[1], counts[2]);
	}

	/**
	 * Walks the backups a page at a time ({@link BackupCatalogue#history}), by label and
	 * newest first, planning each label with a {@link RetentionPlanner.Walk} and deleting
	 * (unless a dry run) as it goes: a deleted backup is behind the keyset cursor, so the
	 * pages that follow are not shifted.
	 * @param prefix the label prefix
	 * @param exactLabel only the label equal to {@code prefix}
	 * @param rules the rules
	 * @param zone the zone of the calendar periods
	 * @param dryRun whether to delete nothing
	 * @param deleter on whose behalf backups are deleted
	 * @param sink takes each verdict, as an item, and whether it keeps the backup
	 */
	private void walk(String prefix, boolean exactLabel, KeepRules rules, ZoneId zone, boolean dryRun, Caller deleter,
			ItemSink sink) {
		Instant now = this.clock.instant();
		String label = null;
		RetentionPlanner.Walk walk = null;
		int kept = 0;
		int deleted = 0;
		int failed = 0;
		BackupHistoryEntry after = null;
		List<BackupHistoryEntry> page;
		do {
			page = this.catalogue.history(prefix, after, this.pageSize);
			for (BackupHistoryEntry entry : page) {
				if (exactLabel && !entry.label().equals(prefix)) {
					continue;
				}
				if (!entry.label().equals(label)) {
					label = entry.label();
					walk = new RetentionPlanner.Walk(rules, zone, this.catalogue.historySummary(label, now));
				}
				RetentionPlanner.Verdict verdict = walk.next(entry);
				if (verdict.keep()) {
					kept++;
					sink.accept(item(verdict, null), true);
				}
				else {
					String outcome = dryRun ? null : delete(verdict.backup().id(), deleter);
					if ("deleted".equals(outcome)) {
						deleted++;
					}
					else if (outcome != null) {
						failed++;
					}
					sink.accept(item(verdict, outcome), false);
				}
			}
			if (!page.isEmpty()) {
				after = page.get(page.size() - 1);
			}
		}
		while (page.size() == this.pageSize);
		if (!dryRun && deleted + failed > 0) {
			logger.info("Retention applied: prefix=" + prefix + " kept=" + kept + " deleted=" + deleted + " failed="
					+ failed);
		}
	}

	/**
	 * Applies ad-hoc rules ({@code POST /api/v1/retention}).
	 * @param caller who asks: the admin role, even for a dry run (the rules name what
	 * would be deleted)
	 * @param prefix the label prefix
	 * @param rules the rules (at least one on)
	 * @param zone the zone, or {@code null} for UTC
	 * @param dryRun whether to delete nothing
	 * @return the report
	 */
	RetentionReport adHoc(Caller caller, String prefix, KeepRules rules, String zone, boolean dryRun) {
		caller.require(Role.ADMIN, "applying retention rules");
		if (prefix == null || prefix.isBlank()) {
			throw new InvalidRequestException(
					"prefix is required: the label prefix whose backups the rules apply to, e.g. nightly");
		}
		Ids.checkText("prefix", prefix, 25);
		if (rules == null || rules.isEmpty()) {
			throw new InvalidRequestException("rules must turn on at least one of keepLast, keepHourly, keepDaily, "
					+ "keepWeekly, keepMonthly, keepYearly, keepWithin: rules that keep nothing would delete every "
					+ "backup but the newest");
		}
		ZoneId zoneId = ScheduleTiming.parse("0 0 0 * * *", zone).zone();
		return apply(prefix, false, rules, zoneId, dryRun, caller);
	}

	private String delete(String id, Caller deleter) {
		try {
			this.backups.delete(deleter, id, null);
			return "deleted";
		}
		catch (BackplaneException ex) {
			if (ex.getKind() == BackplaneException.Kind.NOT_FOUND) {
				return "deleted";
			}
			logger.warn("Retention could not delete a backup: backupId=" + id + " reason=" + ex.getMessage());
			return "not deleted: " + ex.getMessage();
		}
	}

	private static RetentionItem item(RetentionPlanner.Verdict verdict, String outcome) {
		BackupHistoryEntry backup = verdict.backup();
		return new RetentionItem(backup.id(), backup.label(), backup.createdAt(),
				BackupStatus.valueOf(backup.status().name()), backup.pinned(), verdict.reasons(), outcome);
	}

	@FunctionalInterface
	private interface ItemSink {

		void accept(RetentionItem item, boolean kept);

	}

	/**
	 * What a retention run did, in counts.
	 *
	 * @param kept backups kept
	 * @param deleted backups deleted
	 * @param failed backups retention meant to delete and could not
	 */
	record Tally(int kept, int deleted, int failed) {
	}

}
