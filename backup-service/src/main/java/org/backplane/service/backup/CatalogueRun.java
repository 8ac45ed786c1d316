package org.backplane.service.backup;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

/**
 * What a backup and a restore record alike about their run: id, times, the runner that
 * claimed it and its last heartbeat, the failure reason and the overall progress. Mapped
 * to the same columns in the {@code backup} and {@code restore} tables; the status, whose
 * lifecycle differs, stays with each entity. {@link Version} turns every save into a
 * compare-and-set.
 */
@MappedSuperclass
public abstract class CatalogueRun {

	@Id
	private String id;

	@Version
	@Column(name = "row_version", nullable = false)
	private long rowVersion;

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

	@Embedded
	private Progress progress = new Progress();

	protected CatalogueRun() {
	}

	/**
	 * Starts a new run: created, updated and heartbeat at {@code now}.
	 * @param id its id
	 * @param now the time
	 */
	protected CatalogueRun(String id, Instant now) {
		this.id = Objects.requireNonNull(id);
		this.createdAt = now;
		this.updatedAt = now;
		this.heartbeatAt = now;
	}

	/**
	 * Records a change of status.
	 * @param now the time
	 */
	protected void updated(Instant now) {
		this.updatedAt = now;
	}

	/**
	 * Records the end of the run.
	 * @param now the time
	 */
	protected void completed(Instant now) {
		this.completedAt = now;
	}

	/**
	 * Records the end of the run in failure.
	 * @param reason why, shown to users; never holds secrets
	 * @param now the time
	 */
	protected void failed(String reason, Instant now) {
		this.errorReason = Objects.requireNonNull(reason);
		this.completedAt = now;
	}

	public String getId() {
		return this.id;
	}

	public long getRowVersion() {
		return this.rowVersion;
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

	public Progress getProgress() {
		return this.progress;
	}

}
