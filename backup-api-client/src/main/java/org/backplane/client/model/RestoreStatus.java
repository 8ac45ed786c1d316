package org.backplane.client.model;

/**
 * A restore's status as the API shows it.
 */
public enum RestoreStatus {

	/** Running. */
	STATUS_RESTORING,

	/** Completed. */
	STATUS_READY,

	/** Failed; see the error reason. */
	STATUS_ERROR

}
