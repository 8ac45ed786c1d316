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
import org.backplane.service.store.BackupManifest;
import org.hibernate.annotations.BatchSize;
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

	/**
	 * {@code null} for Backplane's own layout, else the layout of a data-service snapshot
	 * ({@code s3}, {@code azure}).
	 */
	@Column(name = "layout")
	private String layout;

	/** The data-service snapshot's name, with {@link #layout}; else {@code null}. */
	@Column(name = "snapshot_name")
	private String snapshotName;

	@Column(name = "size_bytes", nullable = false)
	private long sizeBytes;

	/**
	 * Whether the backup is run again when its runner dies ({@code false} for a restore's
	 * safety backup, which would capture a half-restored target).
	 */
	@Column(name = "retried_when_interrupted", nullable = false)
	private boolean retriedWhenInterrupted = true;

	/** Never deleted, by retention or by hand, while set. */
	@Column(nullable = false)
	private boolean pinned;

	/**
	 * When its deletion started, or {@code null}: a deletion that failed half-way is
	 * retried until the record is gone.
	 */
	@Column(name = "deleting_since")
	private Instant deletingSince;

	/** When the last verification started, or {@code null} if it was never verified. */
	@Column(name = "verified_at")
	private Instant verifiedAt;

	/** How deep the last verification read: {@code size} or {@code full}. */
	@Column(name = "verify_depth")
	private String verifyDepth;

	@Enumerated(EnumType.STRING)
	@Column(name = "verify_status")
	private VerificationStatus verifyStatus;

	/** What the last verification found, shown to users; never secrets. */
	@Column(name = "verify_detail")
	private String verifyDetail;

	// backups read several at a time load their components in one query (backup_id =
	// any(?)), not one query per row (list pages do not use entities: BackupPages)
	@OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@BatchSize(size = 1000)
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

	/**
	 * A backup found on storage (its manifest read and checked) or uploaded as an
	 * archive, entered into the catalogue as {@link BackupStatus#STATUS_READY} with the
	 * components, sizes, SHA-256 and times its manifest records.
	 * @param manifest the manifest
	 * @param storageLocation the storage location's name
	 * @param storageUri the location's URI, secrets redacted
	 * @param destination where in the location it is
	 * @param createdBy who imported it, or {@code null} when nobody asked (the catalogue
	 * sync)
	 * @return the backup
	 */
	static Backup imported(BackupManifest manifest, String storageLocation, String storageUri,
			StorageDestination destination, String createdBy) {
		Instant created = manifest.createdAt();
		Instant completed = (manifest.completedAt() != null) ? manifest.completedAt() : created;
		Backup backup = start(manifest.backupId(), manifest.label(), manifest.serviceVersion(), storageLocation,
				storageUri, createdBy,
				manifest.components().stream().map((c) -> new ComponentRef(c.name(), c.type())).toList(), created);
		backup.placeWith(Map.of(), destination);
		for (BackupManifest.Component entry : manifest.components()) {
			BackupComponent component = backup.component(entry.name()).orElseThrow();
			component.markStarted(entry.items(), entry.contentBytes());
			component.getProgress().setCompleted(entry.items(), entry.contentBytes());
			component.recordArtifact(entry.artifactKey(), entry.sizeBytes(), entry.sha256());
			component.markReady();
		}
		backup.sumProgress();
		backup.markSucceeded(completed);
		return backup;
	}

	/**
	 * A backup that already exists on storage, found there rather than made here (a
	 * snapshot a data service's own plan wrote, or another Backplane's): READY at once,
	 * each component READY with the artifact given.
	 * @param id its id
	 * @param label its label
	 * @param serviceVersion the service's version
	 * @param storageLocation the storage location's name
	 * @param storageUri the location's URI, secrets redacted
	 * @param createdBy who imported it
	 * @param component the component
	 * @param artifact the component's artifact as found
	 * @param now the time
	 * @return the backup
	 */
	static Backup imported(String id, String label, String serviceVersion, String storageLocation, String storageUri,
			String createdBy, ComponentRef component, ImportedArtifact artifact, Instant now) {
		Backup backup = start(id, label, serviceVersion, storageLocation, storageUri, createdBy, List.of(component),
				now);
		BackupComponent only = backup.components.get(0);
		only.markStarted(artifact.items(), artifact.contentBytes());
		only.getProgress().setDone(artifact.items(), artifact.contentBytes());
		only.recordArtifact(artifact.key(), artifact.sizeBytes(), artifact.sha256());
		only.markReady();
		backup.markSucceeded(now);
		return backup;
	}

	/**
	 * Marks a READY backup whose manifest or artifacts vanished from storage
	 * {@link BackupStatus#STATUS_ERROR}; its record stays, and when it completed.
	 * @param reason what is missing, starting with {@code missing on storage}
	 * @param now the time
	 */
	void markMissing(String reason, Instant now) {
		transition(BackupStatus.STATUS_ERROR, now);
		recordLateFailure(reason, now);
	}

	/**
	 * Records that a verification started.
	 * @param depth {@code size} or {@code full}
	 * @param now the time
	 */
	void verificationStarted(String depth, Instant now) {
		this.verifiedAt = now;
		this.verifyDepth = depth;
		this.verifyStatus = VerificationStatus.RUNNING;
		this.verifyDetail = null;
	}

	/**
	 * Records how a verification ended.
	 * @param depth {@code size} or {@code full}
	 * @param at when it started
	 * @param passed whether everything matched
	 * @param detail what it found
	 */
	void verificationEnded(String depth, Instant at, boolean passed, String detail) {
		this.verifiedAt = at;
		this.verifyDepth = depth;
		this.verifyStatus = passed ? VerificationStatus.PASSED : VerificationStatus.FAILED;
		this.verifyDetail = detail;
	}

	/**
	 * Records that the backup's objects lie in a data-service snapshot's layout.
	 * @param layout {@code s3} or {@code azure}
	 * @param snapshotName the snapshot's name
	 */
	void placeInSnapshot(String layout, String snapshotName) {
		this.layout = Objects.requireNonNull(layout);
		this.snapshotName = Objects.requireNonNull(snapshotName);
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

	/**
	 * Marks that its deletion started (or failed and will be retried): the backup is
	 * {@code STATUS_ERROR} with the reason from now on, since its objects may already be
	 * gone, until its record is removed.
	 * @param reason what is happening, shown to users
	 * @param now the time
	 */
	void markDeleting(String reason, Instant now) {
		if (this.status != BackupStatus.STATUS_ERROR) {
			transition(BackupStatus.STATUS_ERROR, now);
		}
		replaceErrorReason(reason);
		if (this.deletingSince == null) {
			this.deletingSince = now;
		}
		updated(now);
	}

	/**
	 * Undoes {@link #markDeleting} when the deletion removed nothing (storage refused the
	 * manifest's deletion, the first step): the backup is as it was, intact. The only way
	 * back from {@code STATUS_ERROR}, and only for a deletion this same request started.
	 * @param previousStatus its status before the deletion started
	 * @param previousReason its error reason before, or {@code null}
	 * @param now the time
	 */
	void deletionAbandoned(BackupStatus previousStatus, String previousReason, Instant now) {
		if (this.deletingSince == null || this.status != BackupStatus.STATUS_ERROR) {
			throw new IllegalStateException("Backup " + getId() + " is not being deleted");
		}
		this.status = previousStatus;
		replaceErrorReason(previousReason);
		this.deletingSince = null;
		updated(now);
	}

	/**
	 * Pins or unpins the backup.
	 * @param pinned whether it must be kept
	 * @param now the time
	 */
	void pin(boolean pinned, Instant now) {
		this.pinned = pinned;
		updated(now);
	}

	/**
	 * @return whether the backup is pinned: never deleted while it is
	 */
	public boolean isPinned() {
		return this.pinned;
	}

	/**
	 * @return when its deletion started, or {@code null} if it is not being deleted
	 */
	public Instant getDeletingSince() {
		return this.deletingSince;
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

	/**
	 * @return when the last verification started, or {@code null} if never verified
	 */
	public Instant getVerifiedAt() {
		return this.verifiedAt;
	}

	/**
	 * @return how deep the last verification read ({@code size}, {@code full}), or
	 * {@code null}
	 */
	public String getVerifyDepth() {
		return this.verifyDepth;
	}

	/**
	 * @return how the last verification ended, or {@code null} if never verified
	 */
	public VerificationStatus getVerifyStatus() {
		return this.verifyStatus;
	}

	/**
	 * @return what the last verification found, or {@code null}
	 */
	public String getVerifyDetail() {
		return this.verifyDetail;
	}

	/**
	 * @return whether the last verification found the stored backup damaged or missing
	 */
	public boolean isVerifyFailed() {
		return this.verifyStatus == VerificationStatus.FAILED;
	}

	/**
	 * @return {@code null} for Backplane's own layout, else {@code s3} or {@code azure}
	 */
	public String getLayout() {
		return this.layout;
	}

	/**
	 * @return the data-service snapshot's name, or {@code null}
	 */
	public String getSnapshotName() {
		return this.snapshotName;
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

	/**
	 * A component's artifact found on storage.
	 *
	 * @param key its key
	 * @param sizeBytes its size
	 * @param sha256 its SHA-256
	 * @param items items in it
	 * @param contentBytes content bytes in it
	 */
	public record ImportedArtifact(String key, long sizeBytes, String sha256, long items, long contentBytes) {
	}

}
