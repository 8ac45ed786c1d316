package org.backplane.service.job;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;

/**
 * What a backup's and a restore's component record alike about their part of the run:
 * position, status ({@link ComponentStatus}, whose table every change checks), failure
 * reason and progress. Mapped to the same columns in {@code backup_component} and
 * {@code restore_component}; the key (the run and the component's name) stays with each
 * entity. Changed only by the run kernel ({@link ClaimedJobTask}) and its run's intent
 * methods.
 */
@MappedSuperclass
public abstract class ComponentRun {

	@Column(nullable = false)
	private int position;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private ComponentStatus status;

	@Column(name = "error_reason")
	private String errorReason;

	@Embedded
	private Progress progress = new Progress();

	protected ComponentRun() {
	}

	/**
	 * A component not started yet ({@link ComponentStatus#STATUS_UNKNOWN}).
	 * @param position its place in its run, from 0
	 */
	protected ComponentRun(int position) {
		this.position = position;
		this.status = ComponentStatus.STATUS_UNKNOWN;
	}

	/**
	 * The component's name, unique within its run.
	 * @return the name
	 */
	public abstract String getName();

	/**
	 * What the component belongs to, for messages, e.g. {@code backup nightly-…}.
	 * @return the owner's kind and id
	 */
	protected abstract String owner();

	/**
	 * The status of this kind of component while it is being worked on.
	 * @return {@link ComponentStatus#STATUS_BACKING_UP} or
	 * {@link ComponentStatus#STATUS_RESTORING}
	 */
	protected abstract ComponentStatus workingStatus();

	/**
	 * Marks the component started, with the totals known before copying; a component
	 * started already (its run was parked and goes on) keeps its status.
	 * @param items items to copy
	 * @param bytes bytes to copy, or {@link Progress#UNKNOWN_BYTES}
	 */
	public void markStarted(long items, long bytes) {
		if (getStatus() != workingStatus()) {
			// started already when its run was parked (a plan's stop) and runs again
			transition(workingStatus());
		}
		this.progress.setTotals(items, bytes);
	}

	/**
	 * Marks the component done. Subclasses check what a done component must have
	 * recorded.
	 */
	public void markReady() {
		transition(ComponentStatus.STATUS_READY);
	}

	/**
	 * Marks the component failed.
	 * @param reason why
	 */
	public void markFailed(String reason) {
		transition(ComponentStatus.STATUS_ERROR);
		this.errorReason = Objects.requireNonNull(reason);
	}

	/**
	 * Puts the component back to {@link ComponentStatus#STATUS_UNKNOWN}, nothing
	 * recorded, for a new attempt of its interrupted run
	 * ({@link CatalogueRun#startNewAttempt}): the only way back in
	 * {@link ComponentStatus}'s lifecycle.
	 */
	protected void resetForNewAttempt() {
		this.status = ComponentStatus.STATUS_UNKNOWN;
		this.errorReason = null;
		this.progress = new Progress();
	}

	private void transition(ComponentStatus target) {
		this.status.checkTransition(owner(), getName(), target);
		this.status = target;
	}

	public int getPosition() {
		return this.position;
	}

	public ComponentStatus getStatus() {
		return this.status;
	}

	public String getErrorReason() {
		return this.errorReason;
	}

	public Progress getProgress() {
		return this.progress;
	}

	/**
	 * The composite key of a component row, for {@code @IdClass}: its run (the field
	 * {@code run}, the run's id) and its name (the field {@code name}), as every kind of
	 * component names them.
	 */
	public static class Key implements Serializable {

		private String run;

		private String name;

		public Key() {
		}

		public Key(String run, String name) {
			this.run = run;
			this.name = name;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && Objects.equals(this.run, key.run) && Objects.equals(this.name, key.name);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.run, this.name);
		}

	}

}
