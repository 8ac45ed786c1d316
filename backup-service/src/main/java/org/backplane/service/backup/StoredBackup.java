package org.backplane.service.backup;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.backplane.service.job.ComponentStatus;

import org.springframework.modulith.NamedInterface;

/**
 * A backup as other features see it: where it is stored and what its components'
 * artifacts are. A snapshot, read in one transaction.
 *
 * @param id its id
 * @param label its label
 * @param status its status
 * @param errorReason why it failed, or {@code null}
 * @param storageLocation its storage location's name
 * @param storagePlacement the per-request parameters that placed it inside the location
 * (never secrets)
 * @param components its components, in backup order
 * @param layout {@code null} for Backplane's own layout, else a data-service snapshot's
 * ({@code s3}, {@code azure})
 * @param snapshotName the snapshot's name, or {@code null}
 */
@NamedInterface("api")
public record StoredBackup(String id, String label, BackupStatus status, String errorReason, String storageLocation,
		Map<String, String> storagePlacement, List<StoredComponent> components, String layout, String snapshotName) {

	static StoredBackup of(Backup backup) {
		return new StoredBackup(backup.getId(), backup.getLabel(), backup.getStatus(), backup.getErrorReason(),
				backup.getStorageLocation(), Map.copyOf(backup.getStoragePlacement()),
				backup.getComponents()
					.stream()
					.map((c) -> new StoredComponent(c.getName(), c.getType(), c.getStatus(), c.getArtifactKey(),
							c.getSizeBytes(), c.getSha256()))
					.toList(),
				backup.getLayout(), backup.getSnapshotName());
	}

	/**
	 * A component by name.
	 * @param name the component's name
	 * @return the component
	 */
	public Optional<StoredComponent> component(String name) {
		return this.components.stream().filter((c) -> c.name().equals(name)).findFirst();
	}

	/**
	 * One component of a stored backup.
	 *
	 * @param name its name
	 * @param type its source type
	 * @param status its status
	 * @param artifactKey its artifact's key, or {@code null} if not written
	 * @param sizeBytes its artifact's size, or {@code null}
	 * @param sha256 its artifact's SHA-256, or {@code null}
	 */
	public record StoredComponent(String name, String type, ComponentStatus status, String artifactKey, Long sizeBytes,
			String sha256) {
	}

}
