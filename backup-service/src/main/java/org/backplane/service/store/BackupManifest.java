package org.backplane.service.store;

import java.time.Instant;
import java.util.List;

/**
 * The manifest stored as {@code backups/<id>/backup.json}, written last: a backup without
 * it is incomplete. The catalogue can be rebuilt by listing manifests.
 *
 * @param formatVersion the manifest format's version, 1
 * @param backupId the backup's id
 * @param label its label
 * @param serviceVersion the version of the service that wrote it
 * @param createdAt when the backup was requested
 * @param completedAt when its last artifact was stored
 * @param components its components, in backup order
 * @param storage where the backup's data went; {@code null} in manifests written before
 * it was recorded (an optional field added within format version 1)
 */
public record BackupManifest(int formatVersion, String backupId, String label, String serviceVersion, Instant createdAt,
		Instant completedAt, List<Component> components, Storage storage) {

	/** The current format version. */
	public static final int FORMAT_VERSION = 1;

	/**
	 * A manifest without {@code storage}, as versions before it was recorded wrote it.
	 * @param formatVersion the manifest format's version
	 * @param backupId the backup's id
	 * @param label its label
	 * @param serviceVersion the version of the service that wrote it
	 * @param createdAt when the backup was requested
	 * @param completedAt when its last artifact was stored
	 * @param components its components, in backup order
	 */
	public BackupManifest(int formatVersion, String backupId, String label, String serviceVersion, Instant createdAt,
			Instant completedAt, List<Component> components) {
		this(formatVersion, backupId, label, serviceVersion, createdAt, completedAt, components, null);
	}

	/**
	 * @param name a component's name
	 * @return its entry, or {@code null}
	 */
	public Component component(String name) {
		return this.components.stream().filter((c) -> c.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * @param name the component's name
	 * @param type its type
	 * @param artifactKey its artifact's key under the location
	 * @param sizeBytes the artifact's size
	 * @param sha256 the artifact's SHA-256, lower-case hex
	 * @param items items in the artifact
	 * @param contentBytes content bytes in the artifact (before compression)
	 */
	public record Component(String name, String type, String artifactKey, long sizeBytes, String sha256, long items,
			long contentBytes) {
	}

	/**
	 * Where a backup's data went: never secrets.
	 *
	 * @param location the storage location's name
	 * @param uri the location's URI, secrets redacted
	 * @param bucket the bucket or container it went to, or {@code null} ({@code file})
	 * @param endpoint the endpoint it went to, or {@code null} ({@code file})
	 */
	public record Storage(String location, String uri, String bucket, String endpoint) {
	}

}
