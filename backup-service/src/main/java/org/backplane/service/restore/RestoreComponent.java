package org.backplane.service.restore;

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
import org.backplane.service.backup.ComponentStatus;
import org.backplane.service.backup.Progress;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One component's part of a restore.
 */
@Entity
@Table(name = "restore_component")
@IdClass(RestoreComponent.Key.class)
@DynamicUpdate
public class RestoreComponent {

	@Id
	@ManyToOne
	@JoinColumn(name = "restore_id")
	private Restore restore;

	@Id
	private String name;

	@Column(nullable = false)
	private int position;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private ComponentStatus status;

	@Column(name = "error_reason")
	private String errorReason;

	@Embedded
	private Progress progress = new Progress();

	protected RestoreComponent() {
	}

	RestoreComponent(Restore restore, String name, int position) {
		this.restore = restore;
		this.name = name;
		this.position = position;
		this.status = ComponentStatus.STATUS_UNKNOWN;
	}

	/**
	 * Marks the component started.
	 * @param items items to restore
	 * @param bytes bytes to restore
	 */
	public void markRestoring(long items, long bytes) {
		transition(ComponentStatus.STATUS_RESTORING);
		this.progress.setTotals(items, bytes);
	}

	/**
	 * Marks the component restored.
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

	private void transition(ComponentStatus target) {
		this.status.checkTransition("restore " + this.restore.getId(), this.name, target);
		this.status = target;
	}

	public String getName() {
		return this.name;
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
	 * The composite key: restore and component name.
	 */
	public static class Key implements Serializable {

		private String restore;

		private String name;

		public Key() {
		}

		public Key(String restore, String name) {
			this.restore = restore;
			this.name = name;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && Objects.equals(this.restore, key.restore)
					&& Objects.equals(this.name, key.name);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.restore, this.name);
		}

	}

}
