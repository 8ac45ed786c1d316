package org.backplane.service.schedule;

import java.util.List;

import org.backplane.client.model.RetentionRules;

/**
 * A schedule declared in configuration, {@code backplane.schedules.<name>.*}; the name is
 * the map key and the backups' label. Unknown keys fail start-up.
 *
 * @param cron Spring's six cron fields, e.g. {@code 0 0 3 * * *}; required
 * @param zone the time zone of the cron fields and retention periods; default UTC
 * @param components the components to back up; default all
 * @param storageLocation the storage location's name; default the default location
 * @param paused whether it is paused; default {@code false}
 * @param retention its retention rules ({@code retention.keep-daily=7}, ...); default
 * none (every backup kept)
 */
record ScheduleDefinition(String cron, String zone, List<String> components, String storageLocation, Boolean paused,
		RetentionRules retention) {

}
