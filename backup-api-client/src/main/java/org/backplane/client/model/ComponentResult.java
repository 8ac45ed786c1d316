package org.backplane.client.model;

/**
 * One component's part of a backup or a restore.
 *
 * @param status its status
 * @param progress its progress
 * @param artifactKey the artifact's key under the storage location (backups only;
 * {@code null} before it is written)
 * @param sizeBytes the artifact's size in bytes ({@code null} until written)
 * @param sha256 the artifact's SHA-256 in lower-case hex ({@code null} until written)
 * @param errorReason why it failed, or {@code null}
 * @param itemsSkipped objects a {@code buckets} component took over unchanged from its
 * previous backup without reading them (counted as done in {@code progress} too);
 * {@code null} for other components and restores
 * @param bytesSkipped the bytes of those objects; {@code null} likewise
 */
public record ComponentResult(ComponentStatus status, Progress progress, String artifactKey, Long sizeBytes,
		String sha256, String errorReason, Long itemsSkipped, Long bytesSkipped) {

	public ComponentResult(ComponentStatus status, Progress progress, String artifactKey, Long sizeBytes, String sha256,
			String errorReason) {
		this(status, progress, artifactKey, sizeBytes, sha256, errorReason, null, null);
	}

}
