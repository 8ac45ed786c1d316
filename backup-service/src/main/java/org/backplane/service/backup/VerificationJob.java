package org.backplane.service.backup;

import org.backplane.service.job.OneOffJob;

import org.springframework.stereotype.Component;

/**
 * Runs one requested verification on the run kernel
 * ({@link BackupVerifications#request}).
 */
@Component
class VerificationJob extends OneOffJob {

	private final BackupVerifier verifier;

	VerificationJob(BackupVerifier verifier) {
		super("verification");
		this.verifier = verifier;
	}

	@Override
	protected void run(String id, String depth) {
		this.verifier.verifyNow(id, (depth != null) ? depth : BackupVerifier.FULL);
	}

}
