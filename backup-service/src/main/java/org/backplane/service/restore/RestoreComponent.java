package org.backplane.service.restore;

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
@IdClass(ComponentRun.Key.class)
@DynamicUpdate
public class RestoreComponent extends ComponentRun {

	@Id
	@ManyToOne
	@JoinColumn(name = "restore_id")
	private Restore run;

	@Id
	private String name;

	protected RestoreComponent() {
	}

	RestoreComponent(Restore restore, String name, int position) {
		super(position);
		this.run = restore;
		this.name = name;
	}

	@Override
	protected String owner() {
		return "restore " + this.run.getId();
	}

	@Override
	protected ComponentStatus workingStatus() {
		return ComponentStatus.STATUS_RESTORING;
	}

	@Override
	public String getName() {
		return this.name;
	}

}
