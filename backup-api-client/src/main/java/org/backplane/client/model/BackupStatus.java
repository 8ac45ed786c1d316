package org.backplane.client.model;

/**
 * A backup's status as the API shows it (a copy of the service's lifecycle enum, without
 * its table).
 */
public enum BackupStatus {

	/** Being written. */
	STATUS_BACKING_UP,

	/** Complete: every artifact and the manifest are stored. */
	STATUS_READY,

	/** Failed; see the error reason. */
	STATUS_ERROR,

	/** A restore from this backup is running. */
	STATUS_RESTORING

}
