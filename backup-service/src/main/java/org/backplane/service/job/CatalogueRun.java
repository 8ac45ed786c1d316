package org.backplane.service.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

/**
 * What a backup and a restore record alike about their run: id, times, the runner that
 * claimed it and its last heartbeat, the failure reason, the overall progress, and how a
 * run ends (succeeded or failed, its unfinished components failed with it). Mapped to the
 * same columns in the {@code backup} and {@code restore} tables. The status, whose
 * lifecycle differs, stays with each entity: it changes through {@link #toSucceeded} and
 * {@link #toFailed}, which check the entity's table. {@link Version} turns every save
 * into a compare-and-set.
 * <p>
 * A run is running exactly while {@code completedAt} is {@code null}: it is set when the
 * run succeeds or fails, never before (the kernel's queries rely on it).
 *
 * @param <C> the type of its components
 */
@MappedSuperclass
public abstract class CatalogueRun<C extends ComponentRun> {

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

	/** Which run of it this is, from 1: an interrupted run may be run again. */
	@Column(name = "attempts", nullable = false)
	private int attempts = 1;

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
	 * The run's components, in order.
	 * @return the components, never empty
	 */
	public abstract List<C> getComponents();

	/**
	 * The run's status name, for messages.
	 * @return e.g. {@code STATUS_BACKING_UP}
	 */
	public abstract String statusName();

	/**
	 * Moves the status to the entity's success state, checking its table.
	 * @param now the time
	 */
	protected abstract void toSucceeded(Instant now);

	/**
	 * Moves the status to the entity's failure state, checking its table.
	 * @param now the time
	 */
	protected abstract void toFailed(Instant now);

	/**
	 * The reason recorded for a component the run never started, e.g. {@code Not backed
	 * up: …}.
	 * @return the reason
	 */
	protected abstract String notStartedReason();

	/**
	 * Whether the run is still running: it neither succeeded nor failed yet.
	 * @return {@code true} until it ends
	 */
	public boolean isRunning() {
		return this.completedAt == null;
	}

	/**
	 * A component by name.
	 * @param name a component's name
	 * @return the component
	 */
	public Optional<C> component(String name) {
		return getComponents().stream().filter((c) -> c.getName().equals(name)).findFirst();
	}

	/**
	 * Recomputes overall progress from the components'.
	 */
	public void sumProgress() {
		this.progress.sumOf(getComponents().stream().map(ComponentRun::getProgress).toList());
	}

	/**
	 * Marks the run succeeded; every component must be ready.
	 * @param now the time
	 * @throws IllegalStateException if a component is not ready
	 * @throws IllegalTransitionException if the status table does not allow it
	 */
	public final void markSucceeded(Instant now) {
		for (C component : getComponents()) {
			if (component.getStatus() != ComponentStatus.STATUS_READY) {
				throw new IllegalStateException(getClass().getSimpleName() + " " + this.id
						+ " cannot be READY: component " + component.getName() + " is " + component.getStatus());
			}
		}
		toSucceeded(now);
		this.updatedAt = now;
		this.completedAt = now;
	}

	/**
	 * Marks the run failed; unfinished components fail too, those never started with
	 * {@link #notStartedReason()}.
	 * @param reason why, shown to users; never holds secrets
	 * @param now the time
	 * @throws IllegalTransitionException if the status table does not allow it
	 */
	public final void markFailed(String reason, Instant now) {
		toFailed(now);
		this.updatedAt = now;
		this.errorReason = Objects.requireNonNull(reason);
		this.completedAt = now;
		for (C component : getComponents()) {
			if (!component.getStatus().isTerminal()) {
				component.markFailed(
						(component.getStatus() == ComponentStatus.STATUS_UNKNOWN) ? notStartedReason() : reason);
			}
		}
	}

	/**
	 * Records a failure found after the run ended (a backup whose objects vanished from
	 * storage), keeping when it completed. The entity's status changes through its own
	 * intent method, which calls this.
	 * @param reason why, shown to users; never holds secrets
	 * @param now the time
	 */
	protected final void recordLateFailure(String reason, Instant now) {
		this.errorReason = Objects.requireNonNull(reason);
		this.updatedAt = now;
	}

	/**
	 * Replaces the reason shown for a run that ended, without a change of status (a
	 * backup whose deletion failed says why).
	 * @param reason the reason, shown to users, never holding secrets; {@code null} for
	 * none (a backup put back as it was)
	 */
	protected void replaceErrorReason(String reason) {
		this.errorReason = reason;
	}

	/**
	 * Holds a running run whose runner is gone for the node that reaps it: its runner
	 * becomes {@code holder} (not claimable, and no longer the dead runner's, whose
	 * heartbeat then stops matching) and its heartbeat {@code now}.
	 * @param holder who reaps it, e.g. {@code reaper:<runner>}
	 * @param now the time
	 */
	public final void holdFor(String holder, Instant now) {
		this.runner = Objects.requireNonNull(holder);
		this.heartbeatAt = now;
	}

	/**
	 * Parks a running run that waits to continue (a plan's stop): no runner holds it, so
	 * one claims it again when it goes on; its components and progress stay as they are.
	 * @param now the time, recorded as its heartbeat
	 */
	public final void park(Instant now) {
		this.runner = null;
		this.heartbeatAt = now;
		this.updatedAt = now;
	}

	/**
	 * Starts a new attempt of an interrupted run, still running: the attempt count goes
	 * up, every component is back to {@link ComponentStatus#STATUS_UNKNOWN} with nothing
	 * recorded, the progress is zero, and no runner holds it, so one can claim it. The
	 * status stays what it is (the working state).
	 * @param now the time, recorded as its heartbeat
	 */
	public final void startNewAttempt(Instant now) {
		if (!isRunning()) {
			throw new IllegalStateException(getClass().getSimpleName() + " " + this.id + " ended; it is not retried");
		}
		this.attempts++;
		this.runner = null;
		this.heartbeatAt = now;
		this.updatedAt = now;
		this.errorReason = null;
		this.progress = new Progress();
		for (C component : getComponents()) {
			component.resetForNewAttempt();
		}
		resetForNewAttempt();
	}

	/**
	 * Forgets what the entity itself recorded of an earlier attempt; by default nothing.
	 */
	protected void resetForNewAttempt() {
	}

	/**
	 * Records a change of status.
	 * @param now the time
	 */
	protected void updated(Instant now) {
		this.updatedAt = now;
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

	/**
	 * Which run of it this is: 1 for the first, more when an interrupted run was run
	 * again.
	 * @return the attempt count, from 1
	 */
	public int getAttempts() {
		return this.attempts;
	}

}
