package org.backplane.client.model;

import java.time.Instant;
import java.util.List;

/**
 * A schedule as {@code GET /api/v1/schedules/{name}} shows it.
 *
 * @param name its name, also its backups' label
 * @param cron its cron expression (Spring's six fields)
 * @param zone the time zone its cron fields and retention periods are read in
 * @param components the components it backs up; empty for all
 * @param storageLocation its storage location's name, or {@code null} for the default
 * @param retention its retention rules, or {@code null} when it keeps every backup
 * @param paused whether it is paused
 * @param origin {@code api} (created through the API) or {@code configuration} (declared
 * as {@code backplane.schedules.<name>.*}; read-only through the API)
 * @param nextRun when its next tick is due, or {@code null} while paused
 * @param intervalSeconds the longest time between two of its next ticks, in seconds
 * @param lastRun when it last ran (a tick or a run-now), or {@code null}
 * @param lastOutcome how that run went: {@code RUNNING}, {@code SUCCEEDED},
 * {@code FAILED} (the backup failed, or could not start) or {@code SKIPPED} (the previous
 * run was still going); {@code null} before the first run
 * @param lastBackupId the backup of the last run that started one, or {@code null}
 * @param lastError why the last run failed, or {@code null}
 * @param skippedCount how many ticks were skipped because the previous run was still
 * going
 * @param createdAt when it was created
 * @param createdBy who created it ({@code configuration} for a declared one)
 * @param updatedAt when its definition or state last changed
 */
public record ScheduleResponse(String name, String cron, String zone, List<String> components, String storageLocation,
		RetentionRules retention, boolean paused, String origin, Instant nextRun, long intervalSeconds, Instant lastRun,
		String lastOutcome, String lastBackupId, String lastError, long skippedCount, Instant createdAt,
		String createdBy, Instant updatedAt) {
}
