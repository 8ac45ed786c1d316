package org.backplane.service.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A schedule: when to back up what (its definition), and how its runs went (its state).
 * Changed only through its intent methods; every save is a compare-and-set
 * ({@code @Version}).
 */
@Entity
@Table(name = "schedule")
class Schedule {

	@Id
	private String name;

	@Version
	@Column(name = "row_version", nullable = false)
	private long rowVersion;

	@Column(nullable = false)
	private String cron;

	@Column(nullable = false)
	private String zone;

	/** The components, or {@code null} for all. */
	@JdbcTypeCode(SqlTypes.JSON)
	private List<String> components;

	@Column(name = "storage_location")
	private String storageLocation;

	/** The retention rules that are on ({@link KeepRules#toMap()}), or {@code null}. */
	@JdbcTypeCode(SqlTypes.JSON)
	private Map<String, String> retention;

	@Column(nullable = false)
	private boolean paused;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private ScheduleOrigin origin;

	@Column(name = "next_run_at", nullable = false)
	private Instant nextRunAt;

	@Column(name = "last_run_at")
	private Instant lastRunAt;

	@Column(name = "last_backup_id")
	private String lastBackupId;

	@Enumerated(EnumType.STRING)
	@Column(name = "last_outcome")
	private RunOutcome lastOutcome;

	@Column(name = "last_error")
	private String lastError;

	@Column(name = "skipped_count", nullable = false)
	private long skippedCount;

	/** The backup after which retention last ran, or {@code null}. */
	@Column(name = "retention_applied_for")
	private String retentionAppliedFor;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by")
	private String createdBy;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected Schedule() {
	}

	/**
	 * A new schedule, its next tick computed from {@code now}.
	 * @param name its name (checked as a label)
	 * @param definition what and when
	 * @param origin where it was defined
	 * @param createdBy who created it
	 * @param now the time
	 * @return the schedule
	 */
	static Schedule create(String name, Definition definition, ScheduleOrigin origin, String createdBy, Instant now) {
		Schedule schedule = new Schedule();
		schedule.name = name;
		schedule.origin = origin;
		schedule.createdAt = now;
		schedule.createdBy = createdBy;
		schedule.define(definition, now);
		return schedule;
	}

	/**
	 * Replaces the definition; the next tick is computed again when the timing changed or
	 * the schedule is resumed.
	 * @param definition the new definition
	 * @param now the time
	 */
	void define(Definition definition, Instant now) {
		boolean timingChanged = !definition.timing().cron().equals(this.cron)
				|| !definition.timing().zone().getId().equals(this.zone);
		boolean resumed = this.paused && !definition.paused();
		this.cron = definition.timing().cron();
		this.zone = definition.timing().zone().getId();
		this.components = (definition.components() != null && !definition.components().isEmpty())
				? new ArrayList<>(definition.components()) : null;
		this.storageLocation = definition.storageLocation();
		this.retention = (definition.rules() != null) ? definition.rules().toMap() : null;
		this.paused = definition.paused();
		if (timingChanged || resumed || this.nextRunAt == null) {
			this.nextRunAt = definition.timing().nextAfter(now);
		}
		this.updatedAt = now;
	}

	/**
	 * Pauses the schedule: ticks start nothing until it is resumed.
	 * @param now the time
	 */
	void pause(Instant now) {
		this.paused = true;
		this.updatedAt = now;
	}

	/**
	 * Resumes the schedule from its next tick after {@code now}.
	 * @param now the time
	 */
	void resume(Instant now) {
		if (this.paused) {
			this.paused = false;
			this.nextRunAt = timing().nextAfter(now);
			this.updatedAt = now;
		}
	}

	/**
	 * Moves the next tick past {@code now} (missed ticks collapse into the one being
	 * run).
	 * @param now the time
	 */
	void advance(Instant now) {
		this.nextRunAt = timing().nextAfter(now);
	}

	/**
	 * Records a run that started a backup.
	 * @param backupId the backup
	 * @param now the time
	 */
	void started(String backupId, Instant now) {
		this.lastRunAt = now;
		this.lastBackupId = backupId;
		this.lastOutcome = RunOutcome.RUNNING;
		this.lastError = null;
		this.updatedAt = now;
	}

	/**
	 * Records a tick skipped because the previous run was still going.
	 * @param now the time
	 */
	void skipped(Instant now) {
		this.lastRunAt = now;
		this.lastOutcome = RunOutcome.SKIPPED;
		this.skippedCount++;
		this.updatedAt = now;
	}

	/**
	 * Records a run that failed, to start or later.
	 * @param reason why
	 * @param now the time
	 */
	void failed(String reason, Instant now) {
		this.lastOutcome = RunOutcome.FAILED;
		this.lastError = reason;
		this.updatedAt = now;
	}

	/**
	 * Records a tick that could not start its backup.
	 * @param reason why
	 * @param now the time
	 */
	void startFailed(String reason, Instant now) {
		this.lastRunAt = now;
		failed(reason, now);
	}

	/**
	 * Records that a run's backup ended well.
	 * @param now the time
	 */
	void succeeded(Instant now) {
		this.lastOutcome = RunOutcome.SUCCEEDED;
		this.lastError = null;
		this.updatedAt = now;
	}

	/**
	 * Records that retention ran after a backup.
	 * @param backupId the backup
	 */
	void retentionApplied(String backupId) {
		this.retentionAppliedFor = backupId;
	}

	/**
	 * @return the parsed timing
	 */
	ScheduleTiming timing() {
		return ScheduleTiming.parse(this.cron, this.zone);
	}

	/**
	 * @return the retention rules, or {@code null}
	 */
	KeepRules rules() {
		return KeepRules.fromMap(this.retention);
	}

	String getName() {
		return this.name;
	}

	String getCron() {
		return this.cron;
	}

	String getZone() {
		return this.zone;
	}

	List<String> getComponents() {
		return (this.components != null) ? List.copyOf(this.components) : List.of();
	}

	String getStorageLocation() {
		return this.storageLocation;
	}

	boolean isPaused() {
		return this.paused;
	}

	ScheduleOrigin getOrigin() {
		return this.origin;
	}

	Instant getNextRunAt() {
		return this.nextRunAt;
	}

	Instant getLastRunAt() {
		return this.lastRunAt;
	}

	String getLastBackupId() {
		return this.lastBackupId;
	}

	RunOutcome getLastOutcome() {
		return this.lastOutcome;
	}

	String getLastError() {
		return this.lastError;
	}

	long getSkippedCount() {
		return this.skippedCount;
	}

	String getRetentionAppliedFor() {
		return this.retentionAppliedFor;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	String getCreatedBy() {
		return this.createdBy;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/**
	 * What a schedule is: checked values.
	 *
	 * @param timing when it ticks
	 * @param components the components, or {@code null}/empty for all
	 * @param storageLocation the storage location, or {@code null} for the default
	 * @param rules its retention rules, or {@code null} to keep every backup
	 * @param paused whether it is paused
	 */
	record Definition(ScheduleTiming timing, List<String> components, String storageLocation, KeepRules rules,
			boolean paused) {
	}

}
