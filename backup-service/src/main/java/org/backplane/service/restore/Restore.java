package org.backplane.service.restore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.backplane.service.backup.ComponentStatus;
import org.backplane.service.backup.Progress;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A restore in the catalogue. Status changes only through the intent methods; {@link Version} makes each
 * save a compare-and-set.
 */
@Entity
@Table(name = "restore")
@DynamicUpdate
public class Restore {

	@Id
	private String id;

	@Column(name = "backup_id", nullable = false)
	private String backupId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private RestoreStatus status;

	@Version
	@Column(name = "row_version", nullable = false)
	private long rowVersion;

	@Column(name = "policy")
	private String policy;

	@Column(name = "target_path")
	private String targetPath;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "completed_at")
	private Instant completedAt;

	@Column(name = "heartbeat_at")
	private Instant heartbeatAt;

	@Column(name = "runner")
	private String runner;

	@Column(name = "error_reason")
	private String errorReason;

	@Column(name = "safety_backup_id")
	private String safetyBackupId;

	@Embedded
	private Progress progress = new Progress();

	@OneToMany(mappedBy = "restore", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@OrderBy("position")
	private List<RestoreComponent> components = new ArrayList<>();

	protected Restore() {
	}

	/**
	 * A new restore in {@link RestoreStatus#STATUS_RESTORING}, each component {@code STATUS_UNKNOWN}.
	 * @param id its id
	 * @param backupId the backup restored
	 * @param policy the requested policy, or {@code null} for each component's own
	 * @param targetPath the requested target, or {@code null}
	 * @param components the components' names, in order; not empty
	 * @param now the time
	 * @return the restore
	 */
	public static Restore start(String id, String backupId, String policy, String targetPath, List<String> components,
			Instant now) {
		if (components.isEmpty()) {
			throw new IllegalArgumentException("A restore needs at least one component");
		}
		Restore restore = new Restore();
		restore.id = Objects.requireNonNull(id);
		restore.backupId = Objects.requireNonNull(backupId);
		restore.policy = policy;
		restore.targetPath = targetPath;
		restore.status = RestoreStatus.STATUS_RESTORING;
		restore.createdAt = now;
		restore.updatedAt = now;
		restore.heartbeatAt = now;
		int position = 0;
		for (String name : components) {
			restore.components.add(new RestoreComponent(restore, name, position++));
		}
		return restore;
	}

	/**
	 * Marks the restore complete; every component must be READY.
	 * @param now the time
	 */
	public void markReady(Instant now) {
		for (RestoreComponent component : this.components) {
			if (component.getStatus() != ComponentStatus.STATUS_READY) {
				throw new IllegalStateException("Restore " + this.id + " cannot be READY: component "
						+ component.getName() + " is " + component.getStatus());
			}
		}
		transition(RestoreStatus.STATUS_READY, now);
		this.completedAt = now;
	}

	/**
	 * Marks the restore failed; unfinished components become {@code STATUS_ERROR}.
	 * @param reason why
	 * @param now the time
	 */
	public void markFailed(String reason, Instant now) {
		transition(RestoreStatus.STATUS_ERROR, now);
		this.errorReason = Objects.requireNonNull(reason);
		this.completedAt = now;
		for (RestoreComponent component : this.components) {
			if (!component.getStatus().isTerminal()) {
				component.markFailed((component.getStatus() == ComponentStatus.STATUS_UNKNOWN)
						? "Not restored: the restore failed before this component started" : reason);
			}
		}
	}

	/**
	 * Records the backup taken of the targets just before they were overwritten.
	 * @param backupId its id
	 */
	public void recordSafetyBackup(String backupId) {
		this.safetyBackupId = Objects.requireNonNull(backupId);
	}

	private void transition(RestoreStatus target, Instant now) {
		this.status.checkTransition(this.id, target);
		this.status = target;
		this.updatedAt = now;
	}

	/**
	 * @param name a component's name
	 * @return the component
	 */
	public Optional<RestoreComponent> component(String name) {
		return this.components.stream().filter((c) -> c.getName().equals(name)).findFirst();
	}

	/**
	 * Recomputes overall progress from the components'.
	 */
	public void sumProgress() {
		this.progress.sumOf(this.components.stream().map(RestoreComponent::getProgress).toList());
	}

	public String getId() {
		return this.id;
	}

	public String getBackupId() {
		return this.backupId;
	}

	public RestoreStatus getStatus() {
		return this.status;
	}

	public String getPolicy() {
		return this.policy;
	}

	public String getTargetPath() {
		return this.targetPath;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public Instant getCompletedAt() {
		return this.completedAt;
	}

	public Instant getHeartbeatAt() {
		return this.heartbeatAt;
	}

	public String getRunner() {
		return this.runner;
	}

	public String getErrorReason() {
		return this.errorReason;
	}

	public String getSafetyBackupId() {
		return this.safetyBackupId;
	}

	public Progress getProgress() {
		return this.progress;
	}

	public List<RestoreComponent> getComponents() {
		return Collections.unmodifiableList(this.components);
	}

}
