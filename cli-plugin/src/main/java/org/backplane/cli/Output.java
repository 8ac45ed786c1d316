package org.backplane.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosComponentStatus;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.ComponentResult;
import org.backplane.client.model.MirrorRunResponse;
import org.backplane.client.model.Progress;
import org.backplane.client.model.RestoreSummary;
import org.backplane.client.model.RetentionRules;
import org.backplane.client.model.ScheduleResponse;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * DC/OS CLI style output: tables with UPPERCASE headings and two spaces between columns
 * (no trailing blanks), and JSON indented by two spaces with {@code "name": value} pairs,
 * one value per line. Every method returns text ending with a line feed.
 */
final class Output {

	private static final String NONE = "N/A";

	private static final ObjectWriter JSON;

	static {
		DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
		Separators separators = Separators.createDefaultInstance()
			.withObjectNameValueSpacing(Separators.Spacing.AFTER)
			.withObjectEmptySeparator("")
			.withArrayEmptySeparator("");
		DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators).withObjectIndenter(indenter)
			.withArrayIndenter(indenter);
		JSON = JsonMapper.builder().build().writer().with(printer);
	}

	private Output() {
	}

	/**
	 * Indented JSON.
	 * @param value a wire record or a list of them
	 * @return the JSON and a line feed
	 */
	static String json(Object value) {
		return JSON.writeValueAsString(value) + "\n";
	}

	/**
	 * The {@code list} table: {@code BACKUP ID  VERSION  STATUS  TIMESTAMP}, one row per
	 * backup in the order given.
	 * @param backups the backups
	 * @return the table
	 */
	static String backupTable(List<DcosBackupInfo> backups) {
		List<List<String>> rows = new ArrayList<>();
		for (DcosBackupInfo backup : backups) {
			rows.add(List.of(text(backup.id()), text(backup.dcosVersion()), text(backup.status()),
					text(backup.timestamp())));
		}
		return table(List.of("BACKUP ID", "VERSION", "STATUS", "TIMESTAMP"), rows);
	}

	/**
	 * The {@code show} view of a backup as the native API describes it.
	 * @param backup the backup
	 * @return fields (with who started it and, when recorded, the bucket and endpoint its
	 * data went to), then a components table, then a restores table when there are
	 * restores
	 */
	static String backupDetails(BackupResponse backup) {
		List<List<String>> fields = new ArrayList<>();
		fields.add(List.of("ID", text(backup.id())));
		fields.add(List.of("LABEL", text(backup.label())));
		fields.add(List.of("STATUS", (backup.status() != null) ? backup.status().name() : NONE));
		fields.add(List.of("VERSION", text(backup.version())));
		fields.add(List.of("CREATED", instant(backup.createdAt())));
		fields.add(List.of("CREATED BY", createdBy(backup.createdBy())));
		fields.add(List.of("COMPLETED", instant(backup.completedAt())));
		fields.add(List.of("SIZE", size(backup.sizeBytes())));
		fields.add(List.of("PROGRESS", progress(backup.progress())));
		fields.add(List.of("STORAGE", text(backup.storageLocation())));
		if (backup.storage() != null && backup.storage().bucket() != null) {
			fields.add(List.of("BUCKET", backup.storage().bucket()));
		}
		if (backup.storage() != null && backup.storage().endpoint() != null) {
			fields.add(List.of("ENDPOINT", backup.storage().endpoint()));
		}
		if (backup.pinned()) {
			fields.add(List.of("PINNED", "yes"));
		}
		if (backup.errorReason() != null) {
			fields.add(List.of("ERROR", backup.errorReason()));
		}
		if (backup.verification() != null) {
			fields.add(List.of("VERIFIED", text(backup.verification().status()) + " ("
					+ text(backup.verification().depth()) + ", " + instant(backup.verification().at()) + ")"));
			if (backup.verification().detail() != null) {
				fields.add(List.of("VERIFY", backup.verification().detail()));
			}
		}
		StringBuilder text = new StringBuilder(table(null, fields));
		List<List<String>> components = new ArrayList<>();
		if (backup.components() != null) {
			for (Map.Entry<String, ComponentResult> entry : backup.components().entrySet()) {
				ComponentResult result = entry.getValue();
				components.add(List.of(entry.getKey(), (result.status() != null) ? result.status().name() : NONE,
						(result.sizeBytes() != null) ? size(result.sizeBytes()) : NONE, text(result.sha256())));
			}
		}
		text.append("\n").append(table(List.of("COMPONENT", "STATUS", "SIZE", "SHA-256"), components));
		if (backup.restores() != null && !backup.restores().isEmpty()) {
			List<List<String>> restores = new ArrayList<>();
			for (RestoreSummary restore : backup.restores()) {
				restores.add(List.of(text(restore.id()), (restore.status() != null) ? restore.status().name() : NONE,
						instant(restore.createdAt()), createdBy(restore.createdBy())));
			}
			text.append("\n").append(table(List.of("RESTORE ID", "STATUS", "CREATED", "CREATED BY"), restores));
		}
		return text.toString();
	}

	/**
	 * The {@code show} view of a backup as the DC/OS API describes it (when the native
	 * API is not reachable).
	 * @param backup the backup
	 * @return fields, then a components table, then a restores table when there are
	 * restores
	 */
	static String backupDetails(DcosBackupInfo backup) {
		List<List<String>> fields = new ArrayList<>();
		fields.add(List.of("ID", text(backup.id())));
		fields.add(List.of("LABEL", text(backup.label())));
		fields.add(List.of("STATUS", text(backup.status())));
		fields.add(List.of("VERSION", text(backup.dcosVersion())));
		fields.add(List.of("TIMESTAMP", text(backup.timestamp())));
		StringBuilder text = new StringBuilder(table(null, fields));
		text.append("\n").append(table(List.of("COMPONENT", "STATUS"), componentRows(backup.componentStatus())));
		if (backup.restores() != null && !backup.restores().isEmpty()) {
			List<List<String>> restores = new ArrayList<>();
			for (DcosRestoreInfo restore : backup.restores()) {
				restores.add(List.of(text(restore.id()), text(restore.status())));
			}
			text.append("\n").append(table(List.of("RESTORE ID", "STATUS"), restores));
		}
		return text.toString();
	}

	private static List<List<String>> componentRows(Map<String, DcosComponentStatus> statuses) {
		List<List<String>> rows = new ArrayList<>();
		if (statuses != null) {
			statuses
				.forEach((name, status) -> rows.add(List.of(name, (status != null) ? text(status.status()) : NONE)));
		}
		return rows;
	}

	/**
	 * The {@code schedule list} table.
	 * @param schedules the schedules
	 * @return headings, then one row per schedule
	 */
	static String scheduleTable(List<ScheduleResponse> schedules) {
		List<List<String>> rows = new ArrayList<>();
		for (ScheduleResponse schedule : schedules) {
			rows.add(List.of(text(schedule.name()), text(schedule.cron()), text(schedule.zone()),
					instant(schedule.nextRun()), instant(schedule.lastRun()), text(schedule.lastOutcome()),
					Long.toString(schedule.skippedCount()), schedule.paused() ? "paused" : "active"));
		}
		return table(List.of("NAME", "CRON", "ZONE", "NEXT RUN", "LAST RUN", "LAST OUTCOME", "SKIPPED", "STATE"), rows);
	}

	/**
	 * The {@code mirror list} table.
	 * @param runs the runs, newest first
	 * @return headings, then one row per run
	 */
	static String mirrorRunTable(List<MirrorRunResponse> runs) {
		List<List<String>> rows = new ArrayList<>();
		for (MirrorRunResponse run : runs) {
			rows.add(List.of(text(run.id()), text(run.status().name()), instant(run.createdAt()),
					instant(run.completedAt()), count(run.copied()), count(run.unchanged()),
					count(run.deletedObjects()), text(run.backupId())));
		}
		return table(List.of("ID", "STATUS", "STARTED", "ENDED", "COPIED", "UNCHANGED", "DELETED", "BACKUP"), rows);
	}

	/**
	 * The {@code mirror show} view.
	 * @param run the run
	 * @return one field per line
	 */
	static String mirrorRunDetails(MirrorRunResponse run) {
		List<List<String>> fields = new ArrayList<>();
		fields.add(List.of("ID", text(run.id())));
		fields.add(List.of("COMPONENT", text(run.component())));
		fields.add(List.of("STATUS", text(run.status().name())));
		if (run.errorReason() != null) {
			fields.add(List.of("REASON", run.errorReason()));
		}
		fields.add(List.of("STARTED", instant(run.createdAt())));
		fields.add(List.of("ENDED", instant(run.completedAt())));
		fields.add(List.of("CREATED BY", createdBy(run.createdBy())));
		if (run.backupId() != null) {
			fields.add(List.of("BACKUP", run.backupId()));
		}
		fields.add(List.of("PROGRESS", progress(run.progress())));
		if (run.buckets() != null) {
			List<String> pairs = new ArrayList<>();
			run.buckets().forEach((source, mirror) -> pairs.add(source + " -> " + mirror));
			fields.add(List.of("BUCKETS", pairs.isEmpty() ? "none" : String.join(", ", pairs)));
			fields.add(List.of("OBJECTS", count(run.objects())));
			fields.add(List.of("COPIED",
					count(run.copied()) + " (" + ((run.copiedBytes() != null) ? size(run.copiedBytes()) : NONE) + ")"));
			fields.add(List.of("UNCHANGED", count(run.unchanged())));
			fields.add(List.of("DELETED OBJECTS", count(run.deletedObjects())));
			fields.add(List.of("DELETED BUCKETS", (run.deletedBuckets() == null || run.deletedBuckets().isEmpty())
					? "none" : String.join(", ", run.deletedBuckets())));
		}
		return table(null, fields);
	}

	private static String count(Long value) {
		return (value != null) ? Long.toString(value) : NONE;
	}

	/**
	 * The {@code schedule show} view.
	 * @param schedule the schedule
	 * @return one field per line
	 */
	static String scheduleDetails(ScheduleResponse schedule) {
		List<List<String>> fields = new ArrayList<>();
		fields.add(List.of("NAME", text(schedule.name())));
		fields.add(List.of("CRON", text(schedule.cron())));
		fields.add(List.of("ZONE", text(schedule.zone())));
		fields.add(List.of("STATE", schedule.paused() ? "paused" : "active"));
		fields.add(List.of("ORIGIN", text(schedule.origin())));
		fields.add(List.of("COMPONENTS", (schedule.components() == null || schedule.components().isEmpty()) ? "all"
				: String.join(", ", schedule.components())));
		fields.add(List.of("STORAGE", (schedule.storageLocation() != null) ? schedule.storageLocation() : "default"));
		fields.add(List.of("RETENTION", retention(schedule.retention())));
		fields.add(List.of("NEXT RUN", instant(schedule.nextRun())));
		fields.add(List.of("LAST RUN", instant(schedule.lastRun())));
		fields.add(List.of("LAST OUTCOME", text(schedule.lastOutcome())));
		fields.add(List.of("LAST BACKUP", text(schedule.lastBackupId())));
		if (schedule.lastError() != null) {
			fields.add(List.of("LAST ERROR", schedule.lastError()));
		}
		fields.add(List.of("SKIPPED", Long.toString(schedule.skippedCount())));
		fields.add(List.of("CREATED BY", createdBy(schedule.createdBy())));
		return table(null, fields);
	}

	/**
	 * @param rules retention rules, or {@code null}
	 * @return e.g. {@code keep-last 7, keep-daily 14, keep-within 2y}, or
	 * {@code keep every backup}
	 */
	static String retention(RetentionRules rules) {
		if (rules == null) {
			return "keep every backup";
		}
		List<String> parts = new ArrayList<>();
		addRule(parts, "keep-last", rules.keepLast());
		addRule(parts, "keep-hourly", rules.keepHourly());
		addRule(parts, "keep-daily", rules.keepDaily());
		addRule(parts, "keep-weekly", rules.keepWeekly());
		addRule(parts, "keep-monthly", rules.keepMonthly());
		addRule(parts, "keep-yearly", rules.keepYearly());
		if (rules.keepWithin() != null) {
			parts.add("keep-within " + rules.keepWithin());
		}
		return parts.isEmpty() ? "keep every backup" : String.join(", ", parts);
	}

	private static void addRule(List<String> parts, String name, Integer value) {
		if (value != null && value > 0) {
			parts.add(name + " " + value);
		}
	}

	/**
	 * Renders a table: columns as wide as their widest cell, two spaces apart, the last
	 * column unpadded.
	 * @param headings the headings, or {@code null} for none
	 * @param rows the rows, each as many cells as there are headings
	 * @return the table, one line per row
	 */
	static String table(List<String> headings, List<List<String>> rows) {
		List<List<String>> all = new ArrayList<>();
		if (headings != null) {
			all.add(headings);
		}
		all.addAll(rows);
		if (all.isEmpty()) {
			return "";
		}
		int columns = all.get(0).size();
		int[] widths = new int[columns];
		for (List<String> row : all) {
			for (int i = 0; i < columns; i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		StringBuilder text = new StringBuilder();
		for (List<String> row : all) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < columns; i++) {
				String cell = row.get(i);
				line.append(cell);
				if (i < columns - 1) {
					line.append(" ".repeat(widths[i] - cell.length() + 2));
				}
			}
			text.append(line.toString().stripTrailing()).append('\n');
		}
		return text.toString();
	}

	/**
	 * @param progress progress, or {@code null}
	 * @return e.g. {@code 45%  120/300 items  12.0 MiB/30.0 MiB}, or
	 * {@code 45%  120/300 items  12.0 MiB/?} when the bytes total is unknown
	 */
	static String progress(Progress progress) {
		if (progress == null) {
			return NONE;
		}
		return percent(progress) + "  " + progress.itemsDone() + "/" + progress.itemsTotal() + " items  "
				+ size(progress.bytesDone()) + "/"
				+ ((progress.bytesTotal() == Progress.UNKNOWN) ? "?" : size(progress.bytesTotal()));
	}

	/**
	 * @param progress progress
	 * @return e.g. {@code 45%}
	 */
	static String percent(Progress progress) {
		return (int) Math.floor(progress.fraction() * 100) + "%";
	}

	/**
	 * @param bytes a size
	 * @return e.g. {@code 512 B}, {@code 12.0 KiB}, {@code 1.5 GiB}
	 */
	static String size(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		String[] units = { "KiB", "MiB", "GiB", "TiB", "PiB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

	/**
	 * @param duration a duration
	 * @return e.g. {@code 0:07}, {@code 12:03}, {@code 1:02:03}
	 */
	static String duration(Duration duration) {
		long seconds = Math.max(0, duration.toSeconds());
		long hours = seconds / 3600;
		long minutes = (seconds % 3600) / 60;
		long rest = seconds % 60;
		return (hours > 0) ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
				: String.format(Locale.ROOT, "%d:%02d", minutes, rest);
	}

	private static String instant(Instant instant) {
		return (instant != null) ? instant.toString() : NONE;
	}

	/**
	 * @param createdBy who started a backup or restore, or {@code null}
	 * @return the name, or {@code not recorded} for one made before it was recorded
	 */
	private static String createdBy(String createdBy) {
		return (createdBy != null && !createdBy.isEmpty()) ? createdBy : "not recorded";
	}

	private static String text(String value) {
		return (value != null && !value.isEmpty()) ? value : NONE;
	}

}
