package org.backplane.service.restore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.backplane.service.job.CatalogueRun;
import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.DynamicUpdate;

import org.springframework.modulith.NamedInterface;

/**
 * A restore in the catalogue. Status changes only through the intent methods; every save
 * is a compare-and-set ({@link CatalogueRun}).
 */
@NamedInterface("api")
@Entity
@Table(name = "restore")
@DynamicUpdate
public class Restore extends CatalogueRun<RestoreComponent> {

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

	/** Who started it, or {@code null} for a restore made before it was recorded. */
	@Column(name = "created_by")
	private String createdBy;

	// a list of restores loads its components in one query (restore_id = any(?)), not
	// one query per row
	@OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@BatchSize(size = 1000)
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
	 * @param createdBy who started it ({@code Caller.name()})
	 * @param components the components' names, in order; not empty
	 * @param now the time
	 * @return the restore
	 */
	static Restore start(String id, String backupId, String policy, String targetPath, String createdBy,
			List<String> components, Instant now) {
		if (components.isEmpty()) {
			throw new IllegalArgumentException("A restore needs at least one component");
		}
		Restore restore = new Restore(id, now);
		restore.backupId = Objects.requireNonNull(backupId);
		restore.policy = policy;
		restore.targetPath = targetPath;
		restore.createdBy = Objects.requireNonNull(createdBy);
		restore.status = RestoreStatus.STATUS_RESTORING;
		int position = 0;
		for (String name : components) {
			restore.components.add(new RestoreComponent(restore, name, position++));
		}
		return restore;
	}

	@Override
	protected void toSucceeded(Instant now) {
		transition(RestoreStatus.STATUS_READY, now);
	}

	@Override
	protected void toFailed(Instant now) {
		transition(RestoreStatus.STATUS_ERROR, now);
	}

	@Override
	protected String notStartedReason() {
		return "Not restored: the restore failed before this component started";
	}

	@Override
	public String statusName() {
		return this.status.name();
	}

	/**
	 * Records the backup taken of the targets just before they were overwritten.
	 * @param backupId its id
	 */
	void recordSafetyBackup(String backupId) {
		this.safetyBackupId = Objects.requireNonNull(backupId);
	}

	private void transition(RestoreStatus target, Instant now) {
		this.status.checkTransition(getId(), target);
		this.status = target;
		updated(now);
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

	/**
	 * @return who started it, or {@code null} for a restore made before it was recorded
	 */
	public String getCreatedBy() {
		return this.createdBy;
	}

	@Override
	public List<RestoreComponent> getComponents() {
		return Collections.unmodifiableList(this.components);
	}

}
