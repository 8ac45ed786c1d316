package org.backplane.service.schedule;

/**
 * Where a schedule was defined.
 */
enum ScheduleOrigin {

	/** Created through the API; changed and deleted through it. */
	API,

	/**
	 * Declared as {@code backplane.schedules.<name>.*}; read-only through the API,
	 * changed by changing the configuration (applied at start-up).
	 */
	CONFIGURATION

}
