package org.backplane.service.schedule;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * No schedule has the name asked for (404).
 */
class ScheduleNotFoundException extends BackplaneException {

	ScheduleNotFoundException(String name) {
		super(Kind.NOT_FOUND, "No schedule named " + name + ": list schedules to find its name",
				Map.of("schedule", name));
	}

	@Override
	public String getTitle() {
		return "Schedule not found";
	}

	@Override
	public String getTypeSlug() {
		return "schedule-not-found";
	}

}
