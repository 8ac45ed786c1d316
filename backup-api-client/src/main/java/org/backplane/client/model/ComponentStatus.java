package org.backplane.client.model;

/**
 * The status of one component within a backup or a restore.
 */
public enum ComponentStatus {

	/** Not started yet. */
	STATUS_UNKNOWN,

	/** Being backed up. */
	STATUS_BACKING_UP,

	/** Being restored. */
	STATUS_RESTORING,

	/** Done. */
	STATUS_READY,

	/** Failed; see the error reason. */
	STATUS_ERROR

}
