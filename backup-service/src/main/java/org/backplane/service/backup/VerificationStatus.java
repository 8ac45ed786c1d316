package org.backplane.service.backup;

import org.springframework.modulith.NamedInterface;

/**
 * How a backup's last verification went (on the wire as {@code verification.status}).
 */
@NamedInterface("api")
public enum VerificationStatus {

	/** Queued or reading now. */
	RUNNING,

	/** The manifest, every artifact's size and (for {@code full}) SHA-256 matched. */
	PASSED,

	/**
	 * Something did not match or could not be read; the backup shows
	 * {@code verifyFailed}. Nothing is deleted.
	 */
	FAILED

}
