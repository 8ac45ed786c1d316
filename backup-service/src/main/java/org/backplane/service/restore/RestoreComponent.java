package org.backplane.service.restore;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.backplane.service.job.ComponentRun;
import org.backplane.service.job.ComponentStatus;
import org.hibernate.annotations.DynamicUpdate;

import org.springframework.modulith.NamedInterface;

/**
 * One component's part of a restore: status and progress ({@link ComponentRun}).
 */
@NamedInterface("api")
@Entity
@Table(name = "restore_component")
@IdClass(RestoreComponent.Key.class)
@DynamicUpdate
public class RestoreComponent extends ComponentRun {

	@Id
	@ManyToOne
	@JoinColumn(name = "restore_id")
	private Restore restore;

	@Id
	private String name;

	protected RestoreComponent() {
	}

	RestoreComponent(Restore restore, String name, int position) {
		super(position);
		this.restore = restore;
		this.name = name;
	}

	@Override
	protected String owner() {
		return "restore " + this.restore.getId();
	}

	@Override
	protected ComponentStatus workingStatus() {
		return ComponentStatus.STATUS_RESTORING;
	}

	@Override
	public String getName() {
		return this.name;
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
