package org.backplane.service.schedule;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

import org.springframework.stereotype.Service;

/**
 * Applies retention rules ({@link RetentionPlanner}) to the catalogue: reads the backups
 * of a label or a label prefix, plans each label on its own, and deletes through
 * {@link BackupService#delete} (which refuses a pinned backup and one in use, marks the
 * backup {@code STATUS_ERROR} before its objects go, and leaves a failed deletion to be
 * retried).
 */
@Service
class RetentionService {

	private static final Log logger = LogFactory.getLog(RetentionService.class);

	private final BackupCatalogue catalogue;

	private final BackupService backups;

	private final Clock clock;

	RetentionService(BackupCatalogue catalogue, BackupService backups, Clock clock) {
		this.catalogue = catalogue;
		this.backups = backups;
		this.clock = clock;
	}

	/**
	 * Applies (or previews) rules to the backups whose label starts with a prefix, each
	 * label on its own.
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
		Map<String, List<BackupHistoryEntry>> byLabel = new TreeMap<>();
		for (BackupHistoryEntry entry : this.catalogue.history(prefix)) {
			if (!exactLabel || entry.label().equals(prefix)) {
				byLabel.computeIfAbsent(entry.label(), (label) -> new ArrayList<>()).add(entry);
			}
		}
		List<RetentionItem> keep = new ArrayList<>();
		List<RetentionItem> delete = new ArrayList<>();
		for (List<BackupHistoryEntry> group : byLabel.values()) {
			for (RetentionPlanner.Verdict verdict : RetentionPlanner.plan(group, rules, zone, this.clock.instant())) {
				if (verdict.keep()) {
					keep.add(item(verdict, null));
				}
				else {
					delete.add(item(verdict, dryRun ? null : delete(verdict.backup().id(), deleter)));
				}
			}
		}
		if (!dryRun && !delete.isEmpty()) {
			logger.info("Retention applied: prefix=" + prefix + " kept=" + keep.size() + " deleted="
					+ delete.stream().filter((i) -> "deleted".equals(i.outcome())).count() + " failed="
					+ delete.stream().filter((i) -> !"deleted".equals(i.outcome())).count());
		}
		return new RetentionReport(dryRun, keep, delete);
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

}
