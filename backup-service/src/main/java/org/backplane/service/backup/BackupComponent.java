package org.backplane.service.backup;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.backplane.service.job.ComponentRun;
import org.backplane.service.job.ComponentStatus;
import org.hibernate.annotations.DynamicUpdate;

import org.springframework.modulith.NamedInterface;

/**
 * One component's part of a backup: status, progress ({@link ComponentRun}) and, once
 * written, its artifact's key, size and SHA-256. Changed only through its backup's job.
 */
@NamedInterface("api")
@Entity
@Table(name = "backup_component")
@IdClass(ComponentRun.Key.class)
@DynamicUpdate
public class BackupComponent extends ComponentRun {

	@Id
	@ManyToOne
	@JoinColumn(name = "backup_id")
	private Backup run;

	@Id
	private String name;

	@Column(nullable = false)
	private String type;

	@Column(name = "artifact_key")
	private String artifactKey;

	@Column(name = "size_bytes")
	private Long sizeBytes;

	@Column(name = "sha256")
	private String sha256;

	@Column(name = "items_skipped")
	private Long itemsSkipped;

	@Column(name = "bytes_skipped")
	private Long bytesSkipped;

	protected BackupComponent() {
	}

	BackupComponent(Backup backup, String name, String type, int position) {
		super(position);
		this.run = backup;
		this.name = name;
		this.type = type;
	}

	@Override
	protected String owner() {
		return "backup " + this.run.getId();
	}

	@Override
	protected ComponentStatus workingStatus() {
		return ComponentStatus.STATUS_BACKING_UP;
	}

	/**
	 * Records what a pooled component took over unchanged from its previous backup.
	 * @param items objects
	 * @param bytes their bytes
	 */
	void recordSkipped(long items, long bytes) {
		this.itemsSkipped = items;
		this.bytesSkipped = bytes;
	}

	/**
	 * @return objects a pooled component took over unchanged from its previous backup,
	 * without reading them; {@code null} for other components
	 */
	public Long getItemsSkipped() {
		return this.itemsSkipped;
	}

	/**
	 * @return the bytes of those objects; {@code null} for other components
	 */
	public Long getBytesSkipped() {
		return this.bytesSkipped;
	}

	/**
	 * Records the component's stored artifact, before it is marked ready.
	 * @param artifactKey its key
	 * @param sizeBytes its size
	 * @param sha256 its SHA-256, lower-case hex
	 */
	void recordArtifact(String artifactKey, long sizeBytes, String sha256) {
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("A READY component needs a SHA-256: " + sha256);
		}
		this.artifactKey = Objects.requireNonNull(artifactKey);
		this.sizeBytes = sizeBytes;
		this.sha256 = sha256;
	}

	/**
	 * Marks the component ready; its artifact must be recorded.
	 * @throws IllegalStateException if it is not
	 */
	@Override
	public void markReady() {
		if (this.sha256 == null) {
			throw new IllegalStateException(
					"Component " + this.name + " of " + owner() + " cannot be READY: no artifact is recorded");
		}
		super.markReady();
	}

	@Override
	protected void resetForNewAttempt() {
		super.resetForNewAttempt();
		this.artifactKey = null;
		this.sizeBytes = null;
		this.sha256 = null;
	}

	@Override
	public String getName() {
		return this.name;
	}

	public String getType() {
		return this.type;
	}

	public String getArtifactKey() {
		return this.artifactKey;
	}

	public Long getSizeBytes() {
		return this.sizeBytes;
	}

	public String getSha256() {
		return this.sha256;
	}

}
