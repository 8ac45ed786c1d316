package org.backplane.service.schedule;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * The schedule's state forbids the operation (409): the name is taken, the schedule is
 * declared in configuration (read-only through the API), or its previous run is still
 * going.
 */
final class ScheduleConflictException extends BackplaneException {

	private final String slug;

	private ScheduleConflictException(String slug, String message, Map<String, Object> properties) {
		super(Kind.CONFLICT, message, properties);
		this.slug = slug;
	}

	static ScheduleConflictException exists(String name) {
		return new ScheduleConflictException(
				"schedule-exists", "A schedule named " + name
						+ " exists: pick another name, or change it with PUT /api/v1/schedules/" + name,
				Map.of("schedule", name));
	}

	static ScheduleConflictException readOnly(String name, String action) {
		return new ScheduleConflictException("schedule-read-only",
				"Cannot " + action + " schedule " + name + ": it is declared in configuration (backplane.schedules."
						+ name + ".*) and read-only through the API; change the configuration and restart",
				Map.of("schedule", name, "origin", "configuration"));
	}

	static ScheduleConflictException running(String name, String backupId) {
		return new ScheduleConflictException("schedule-running",
				"Schedule " + name + " is still running (backup " + backupId
						+ "): wait until that backup is STATUS_READY or STATUS_ERROR",
				Map.of("schedule", name, "backupId", backupId));
	}

	@Override
	public String getTitle() {
		return switch (this.slug) {
			case "schedule-exists" -> "Schedule exists";
			case "schedule-read-only" -> "Schedule read-only";
			default -> "Schedule running";
		};
	}

	@Override
	public String getTypeSlug() {
		return this.slug;
	}

}
