package org.backplane.client.model;

import java.util.List;

/**
 * Body of {@code POST /api/v1/schedules} and {@code PUT /api/v1/schedules/{name}}.
 *
 * @param name the schedule's name, which is also its backups' label (3–25 characters
 * matching {@code ^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*$}); on PUT, absent or equal to
 * the path's name
 * @param cron when to back up: Spring's six fields (second minute hour day-of-month month
 * day-of-week), e.g. {@code 0 0 3 * * *} for 03:00 every day
 * @param zone the time zone the cron fields (and retention's calendar periods) are read
 * in, e.g. {@code Europe/Paris}; {@code null} for UTC
 * @param components the components to back up; {@code null} or empty for all
 * @param storageLocation the storage location's name; {@code null} for the default
 * @param retention the retention rules; {@code null} to keep every backup
 * @param paused whether the schedule starts paused; {@code null} for {@code false}
 */
public record ScheduleRequest(String name, String cron, String zone, List<String> components, String storageLocation,
		RetentionRules retention, Boolean paused) {
}
