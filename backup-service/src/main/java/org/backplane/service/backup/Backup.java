package org.backplane.service.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.backplane.service.storage.StorageDestination;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import org.springframework.modulith.NamedInterface;

/**
 * A backup in the catalogue. Its status changes only through the intent methods, which
 * check {@link BackupStatus}'s table; every save is a compare-and-set
 * ({@link CatalogueRun}).
 */
@NamedInterface("api")
@Entity
@Table(name = "backup")
@DynamicUpdate
public class Backup extends CatalogueRun<BackupComponent> {

	@Column(nullable = false)
	private String label;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private BackupStatus status;

	@Column(name = "service_version", nullable = false)
	private String serviceVersion;

	@Column(name = "storage_location", nullable = false)
	private String storageLocation;

	@Column(name = "storage_uri", nullable = false)
	private String storageUri;

	/**
	 * Per-request parameters that chose where in the location it lives (bucket, endpoint,
	 * ...), never secrets; a JSON object.
	 */
	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "storage_placement", nullable = false)
	private Map<String, String> storagePlacement = new LinkedHashMap<>();

	/**
	 * The bucket or container the backup went to, or {@code null} (a {@code file}
	 * location, or a backup made before it was recorded).
	 */
	@Column(name = "storage_bucket")
	private String storageBucket;

	/**
	 * The endpoint the backup went to, or {@code null} (a {@code file} location, or a
	 * backup made before it was recorded).
	 */
	@Column(name = "storage_endpoint")
	private String storageEndpoint;

	/** Who started it, or {@code null} for a backup made before it was recorded. */
	@Column(name = "created_by")
	private String createdBy;

	@Column(name = "size_bytes", nullable = false)
	private long sizeBytes;

	/**
	 * Whether the backup is run again when its runner dies ({@code false} for a restore's
	 * safety backup, which would capture a half-restored target).
	 */
	@Column(name = "retried_when_interrupted", nullable = false)
	private boolean retriedWhenInterrupted = true;

	@OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@OrderBy("position")
	private List<BackupComponent> components = new ArrayList<>();

	protected Backup() {
	}

	private Backup(String id, Instant now) {
		super(id, now);
	}

	/**
	 * A new backup in {@link BackupStatus#STATUS_BACKING_UP}, each component
	 * {@code STATUS_UNKNOWN}.
	 * @param id its id
	 * @param label its label
	 * @param serviceVersion the service's version
	 * @param storageLocation the storage location's name
	 * @param storageUri the location's URI, secrets redacted
	 * @param createdBy who started it ({@code Caller.name()}), or {@code null} when not
	 * known (the safety backup of a restore queued before it was recorded)
	 * @param components component names and types, in backup order; not empty
	 * @param now the time
	 * @return the backup
	 */
	static Backup start(String id, String label, String serviceVersion, String storageLocation, String storageUri,
			String createdBy, List<ComponentRef> components, Instant now) {
		if (components.isEmpty()) {
			throw new IllegalArgumentException("A backup needs at least one component");
		}
		Backup backup = new Backup(id, now);
		backup.label = Objects.requireNonNull(label);
		backup.serviceVersion = serviceVersion;
		backup.storageLocation = storageLocation;
		backup.storageUri = storageUri;
		backup.createdBy = createdBy;
		backup.status = BackupStatus.STATUS_BACKING_UP;
		int position = 0;
		for (ComponentRef ref : components) {
			backup.components.add(new BackupComponent(backup, ref.name(), ref.type(), position++));
		}
		return backup;
	}

	@Override
	protected void toSucceeded(Instant now) {
		transition(BackupStatus.STATUS_READY, now);
		this.sizeBytes = this.components.stream()
			.mapToLong((c) -> (c.getSizeBytes() != null) ? c.getSizeBytes() : 0)
			.sum();
	}

	@Override
	protected void toFailed(Instant now) {
		transition(BackupStatus.STATUS_ERROR, now);
	}

	@Override
	protected String notStartedReason() {
		return "Not backed up: the backup failed before this component started";
	}

	@Override
	protected void resetForNewAttempt() {
		this.sizeBytes = 0;
	}

	/**
	 * Marks the backup as one that is never run again when its runner dies: a restore's
	 * safety backup, which, run after the restore was interrupted, would capture a
	 * half-restored target.
	 */
	void neverRetry() {
		this.retriedWhenInterrupted = false;
	}

	/**
	 * @return whether the backup is run again when its runner dies
	 */
	public boolean isRetriedWhenInterrupted() {
		return this.retriedWhenInterrupted;
	}

	/**
	 * Marks that a restore from this backup started.
	 * @param now the time
	 */
	void markRestoring(Instant now) {
		transition(BackupStatus.STATUS_RESTORING, now);
	}

	/**
	 * Marks that the restore from this backup ended, whatever its outcome.
	 * @param now the time
	 */
	void markRestoreEnded(Instant now) {
		transition(BackupStatus.STATUS_READY, now);
	}

	private void transition(BackupStatus target, Instant now) {
		this.status.checkTransition(getId(), target);
		this.status = target;
		updated(now);
	}

	@Override
	public String statusName() {
		return this.status.name();
	}

	public String getLabel() {
		return this.label;
	}

	public BackupStatus getStatus() {
		return this.status;
	}

	public String getServiceVersion() {
		return this.serviceVersion;
	}

	public String getStorageLocation() {
		return this.storageLocation;
	}

	public String getStorageUri() {
		return this.storageUri;
	}

	/**
	 * The per-request parameters that placed this backup inside its location (bucket,
	 * endpoint, region, container, account), to be applied again to restore and delete
	 * it. Never secrets.
	 * @return the parameters; empty when none
	 */
	public Map<String, String> getStoragePlacement() {
		return Collections.unmodifiableMap(this.storagePlacement);
	}

	/**
	 * Records the per-request parameters that place this backup inside its location, and
	 * where they lead.
	 * @param placement non-secret placement parameters, possibly empty
	 * @param destination the bucket or container and the endpoint the location resolves
	 * to with the request's parameters
	 */
	void placeWith(Map<String, String> placement, StorageDestination destination) {
		this.storagePlacement = new LinkedHashMap<>(placement);
		this.storageBucket = destination.bucket();
		this.storageEndpoint = destination.endpoint();
	}

	/**
	 * @return the bucket or container the backup went to, or {@code null} for a
	 * {@code file} location or a backup made before it was recorded
	 */
	public String getStorageBucket() {
		return this.storageBucket;
	}

	/**
	 * @return the endpoint the backup went to, or {@code null} for a {@code file}
	 * location or a backup made before it was recorded
	 */
	public String getStorageEndpoint() {
		return this.storageEndpoint;
	}

	/**
	 * @return who started it, or {@code null} for a backup made before it was recorded
	 */
	public String getCreatedBy() {
		return this.createdBy;
	}

	public long getSizeBytes() {
		return this.sizeBytes;
	}

	@Override
	public List<BackupComponent> getComponents() {
		return Collections.unmodifiableList(this.components);
	}

	/**
	 * A component to back up: its name and type.
	 *
	 * @param name the component's name
	 * @param type its type
	 */
	public record ComponentRef(String name, String type) {
	}

}
