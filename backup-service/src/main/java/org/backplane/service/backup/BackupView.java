package org.backplane.service.backup;

import java.time.Instant;
import java.util.List;

import org.backplane.service.job.ComponentStatus;
import org.backplane.service.job.Progress;

import org.springframework.modulith.NamedInterface;

/**
 * A backup as the read API shows it: what {@link BackupService#list} reads for a page
 * straight from the rows (no entities, no persistence context), or what
 * {@link #of(Backup)} takes from an entity, so that both answers are written by the same
 * mapping.
 *
 * @param id its id
 * @param label its label
 * @param status its status
 * @param serviceVersion the version of the service that made it
 * @param storageLocation the storage location's name
 * @param storageUri the location's URI, secrets redacted
 * @param storageBucket the bucket or container it went to, or {@code null}
 * @param storageEndpoint the endpoint it went to, or {@code null}
 * @param createdAt when it was created
 * @param createdBy who started it, or {@code null}
 * @param updatedAt when its row last changed
 * @param completedAt when it ended, or {@code null}
 * @param errorReason why it failed, or {@code null}
 * @param sizeBytes the bytes stored
 * @param progress its progress
 * @param components its components, in backup order
 * @param verifiedAt when the last verification started, or {@code null}
 * @param verifyDepth how deep the last verification read, or {@code null}
 * @param verifyStatus what the last verification found, or {@code null}
 * @param verifyDetail the last verification's detail, or {@code null}
 * @param pinned whether it is pinned
 * @param attempts how many times it was run
 */
@NamedInterface("api")
public record BackupView(String id, String label, BackupStatus status, String serviceVersion, String storageLocation,
		String storageUri, String storageBucket, String storageEndpoint, Instant createdAt, String createdBy,
		Instant updatedAt, Instant completedAt, String errorReason, long sizeBytes, Progress progress,
		List<Component> components, Instant verifiedAt, String verifyDepth, VerificationStatus verifyStatus,
		String verifyDetail, boolean pinned, int attempts) {

	/**
	 * @param backup a backup entity
	 * @return what the read API shows of it
	 */
	public static BackupView of(Backup backup) {
		return new BackupView(backup.getId(), backup.getLabel(), backup.getStatus(), backup.getServiceVersion(),
				backup.getStorageLocation(), backup.getStorageUri(), backup.getStorageBucket(),
				backup.getStorageEndpoint(), backup.getCreatedAt(), backup.getCreatedBy(), backup.getUpdatedAt(),
				backup.getCompletedAt(), backup.getErrorReason(), backup.getSizeBytes(), backup.getProgress(),
				backup.getComponents().stream().map(Component::of).toList(), backup.getVerifiedAt(),
				backup.getVerifyDepth(), backup.getVerifyStatus(), backup.getVerifyDetail(), backup.isPinned(),
				backup.getAttempts());
	}

	/**
	 * @return whether the last verification failed
	 */
	public boolean verifyFailed() {
		return this.verifyStatus == VerificationStatus.FAILED;
	}

	/**
	 * One component of a backup as the read API shows it.
	 *
	 * @param name its name
	 * @param status its status
	 * @param progress its progress
	 * @param artifactKey its artifact's key, or {@code null} before it is written
	 * @param sizeBytes its artifact's size, or {@code null}
	 * @param sha256 its artifact's SHA-256, or {@code null}
	 * @param errorReason why it failed, or {@code null}
	 * @param itemsSkipped objects a pooled component took over from its previous backup,
	 * or {@code null}
	 * @param bytesSkipped their bytes, or {@code null}
	 */
	public record Component(String name, ComponentStatus status, Progress progress, String artifactKey, Long sizeBytes,
			String sha256, String errorReason, Long itemsSkipped, Long bytesSkipped) {

		static Component of(BackupComponent component) {
			return new Component(component.getName(), component.getStatus(), component.getProgress(),
					component.getArtifactKey(), component.getSizeBytes(), component.getSha256(),
					component.getErrorReason(), component.getItemsSkipped(), component.getBytesSkipped());
		}

	}

}
