package org.backplane.service.backup;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One component's part of a backup: status, progress and, once written, its artifact's
 * key, size and SHA-256. Changed only through its backup's job.
 */
@Entity
@Table(name = "backup_component")
@IdClass(BackupComponent.Key.class)
@DynamicUpdate
public class BackupComponent {

	@Id
	@ManyToOne
	@JoinColumn(name = "backup_id")
	private Backup backup;

	@Id
	private String name;

	@Column(nullable = false)
	private int position;

	@Column(nullable = false)
	private String type;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private ComponentStatus status;

	@Column(name = "artifact_key")
	private String artifactKey;

	@Column(name = "size_bytes")
	private Long sizeBytes;

	@Column(name = "sha256")
	private String sha256;

	@Column(name = "error_reason")
	private String errorReason;

	@Embedded
	private Progress progress = new Progress();

	protected BackupComponent() {
	}

	BackupComponent(Backup backup, String name, String type, int position) {
		this.backup = backup;
		this.name = name;
		this.type = type;
		this.position = position;
		this.status = ComponentStatus.STATUS_UNKNOWN;
	}

	/**
	 * Marks the component started, with the totals counted before copying.
	 * @param items items to copy
	 * @param bytes bytes to copy
	 */
	public void markBackingUp(long items, long bytes) {
		transition(ComponentStatus.STATUS_BACKING_UP);
		this.progress.setTotals(items, bytes);
	}

	/**
	 * Marks the component's artifact stored.
	 * @param artifactKey its key
	 * @param sizeBytes its size
	 * @param sha256 its SHA-256, lower-case hex
	 */
	public void markReady(String artifactKey, long sizeBytes, String sha256) {
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("A READY component needs a SHA-256: " + sha256);
		}
		transition(ComponentStatus.STATUS_READY);
		this.artifactKey = Objects.requireNonNull(artifactKey);
		this.sizeBytes = sizeBytes;
		this.sha256 = sha256;
	}

	/**
	 * Marks the component failed.
	 * @param reason why
	 */
	public void markFailed(String reason) {
		transition(ComponentStatus.STATUS_ERROR);
		this.errorReason = Objects.requireNonNull(reason);
	}

	private void transition(ComponentStatus target) {
		this.status.checkTransition("backup " + this.backup.getId(), this.name, target);
		this.status = target;
	}

	public Backup getBackup() {
		return this.backup;
	}

	public String getName() {
		return this.name;
	}

	public int getPosition() {
		return this.position;
	}

	public String getType() {
		return this.type;
	}

	public ComponentStatus getStatus() {
		return this.status;
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

	public String getErrorReason() {
		return this.errorReason;
	}

	public Progress getProgress() {
		return this.progress;
	}

	/**
	 * The composite key: backup and component name.
	 */
	public static class Key implements Serializable {

		private String backup;

		private String name;

		public Key() {
		}

		public Key(String backup, String name) {
			this.backup = backup;
			this.name = name;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && Objects.equals(this.backup, key.backup)
					&& Objects.equals(this.name, key.name);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.backup, this.name);
		}

	}

}
