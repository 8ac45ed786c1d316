package org.backplane.client.model;

/**
 * The lifecycle of a mirror run (the service's {@code MirrorRunStatus}).
 */
public enum MirrorRunStatus {

	/** Queued or copying. */
	STATUS_MIRRORING,

	/** Done; the run's counters say what it did. */
	STATUS_READY,

	/**
	 * Failed; {@code errorReason} says why ({@code interrupted…} if its runner stopped).
	 */
	STATUS_ERROR

}
