package org.backplane.service.backup;

import java.time.Clock;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.Jobs;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.Role;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Verifies stored backups against their manifest and the catalogue. Depth {@code size}:
 * the manifest is read and matches the catalogue, and every artifact is on storage with
 * its recorded size. Depth {@code full}: also every artifact read to its end and its
 * SHA-256 checked. The outcome ({@code at}, {@code depth}, {@code status},
 * {@code detail}) is recorded on the backup; a failure marks it {@code verifyFailed} and
 * counts in {@code backplane_verification_failures_total}. Nothing is ever deleted. Asked
 * for through the API ({@link #request}, queued on the run kernel, at most one per backup
 * at a time) or by the verification schedule ({@link VerificationScheduleJob}).
 */
@Service
@NamedInterface("api")
public class BackupVerifications {

	/** Reads the manifest and checks each artifact's presence and size. */
	public static final String SIZE = BackupVerifier.SIZE;

	/** Also reads each artifact and checks its SHA-256. */
	public static final String FULL = BackupVerifier.FULL;

	private static final Log logger = LogFactory.getLog(BackupVerifications.class);

	private final BackupRepository backups;

	private final Jobs jobs;

	private final VerificationJob job;

	private final Clock clock;

	BackupVerifications(BackupRepository backups, Jobs jobs, VerificationJob job, Clock clock) {
		this.backups = backups;
		this.jobs = jobs;
		this.job = job;
		this.clock = clock;
	}

	/**
	 * Queues a verification of a backup.
	 * @param caller who asks; needs the operator role
	 * @param id the backup
	 * @param depth {@code size} or {@code full}; {@code null} for {@code full}
	 * @return the backup, its verification RUNNING
	 * @throws InvalidRequestException for another depth
	 * @throws BackupNotFoundException if there is none
	 * @throws BackupInUseException unless the backup is READY or being restored
	 * @throws BackupConflictException if a verification of it is queued or running
	 */
	@Transactional
	public Backup request(Caller caller, String id, String depth) {
		caller.require(Role.OPERATOR, "verifying a backup");
		String checked = checkDepth(depth);
		Ids.checkBackupId(id);
		Backup backup = this.backups.findForUpdate(id).orElseThrow(() -> new BackupNotFoundException(id));
		if (backup.getStatus() != BackupStatus.STATUS_READY && backup.getStatus() != BackupStatus.STATUS_RESTORING) {
			throw new BackupInUseException(id, backup.getStatus(), "verify");
		}
		if (!this.jobs.enqueueOnce(this.job, id, checked)) {
			throw new BackupConflictException(id, "A verification of backup " + id
					+ " is already queued or running: wait for its result on the backup");
		}
		backup.verificationStarted(checked, this.clock.instant());
		this.backups.save(backup);
		logger.info("Verification requested: backupId=" + id + " depth=" + checked + " by=" + caller.name());
		return backup;
	}

	private static String checkDepth(String depth) {
		if (depth == null) {
			return FULL;
		}
		String lower = depth.toLowerCase(Locale.ROOT);
		if (!SIZE.equals(lower) && !FULL.equals(lower)) {
			throw new InvalidRequestException("Unknown verification depth '" + Ids.printable(depth)
					+ "': use size (manifest and sizes) or full (also every artifact's SHA-256)");
		}
		return lower;
	}

}
