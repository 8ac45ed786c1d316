package org.backplane.service.restore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.backplane.service.backup.CatalogueRun;
import org.backplane.service.backup.ComponentStatus;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A restore in the catalogue. Status changes only through the intent methods; every save
 * is a compare-and-set ({@link CatalogueRun}).
 */
@Entity
@Table(name = "restore")
@DynamicUpdate
public class Restore extends CatalogueRun {

	@Column(name = "backup_id", nullable = false)
	private String backupId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private RestoreStatus status;

	@Column(name = "policy")
	private String policy;

	@Column(name = "target_path")
	private String targetPath;

	@Column(name = "safety_backup_id")
	private String safetyBackupId;

	@OneToMany(mappedBy = "restore", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@OrderBy("position")
	private List<RestoreComponent> components = new ArrayList<>();

	protected Restore() {
	}

	private Restore(String id, Instant now) {
		super(id, now);
	}

	/**
	 * A new restore in {@link RestoreStatus#STATUS_RESTORING}, each component
	 * {@code STATUS_UNKNOWN}.
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
		Restore restore = new Restore(id, now);
		restore.backupId = Objects.requireNonNull(backupId);
		restore.policy = policy;
		restore.targetPath = targetPath;
		restore.status = RestoreStatus.STATUS_RESTORING;
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
				throw new IllegalStateException("Restore " + getId() + " cannot be READY: component "
						+ component.getName() + " is " + component.getStatus());
			}
		}
		transition(RestoreStatus.STATUS_READY, now);
		completed(now);
	}

	/**
	 * Marks the restore failed; unfinished components become {@code STATUS_ERROR}.
	 * @param reason why
	 * @param now the time
	 */
	public void markFailed(String reason, Instant now) {
		transition(RestoreStatus.STATUS_ERROR, now);
		failed(reason, now);
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
		this.status.checkTransition(getId(), target);
		this.status = target;
		updated(now);
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
		getProgress().sumOf(this.components.stream().map(RestoreComponent::getProgress).toList());
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

	public String getSafetyBackupId() {
		return this.safetyBackupId;
	}

	public List<RestoreComponent> getComponents() {
		return Collections.unmodifiableList(this.components);
	}

}
