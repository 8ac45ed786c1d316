package org.backplane.service.mirror;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.backplane.service.job.ComponentRun;
import org.backplane.service.job.ComponentStatus;
import org.hibernate.annotations.DynamicUpdate;

/**
 * The one component of a mirror run, as the run kernel tracks components.
 */
@Entity
@Table(name = "mirror_run_component")
@IdClass(ComponentRun.Key.class)
@DynamicUpdate
public class MirrorRunComponent extends ComponentRun {

	@Id
	@ManyToOne
	@JoinColumn(name = "mirror_run_id")
	private MirrorRun run;

	@Id
	private String name;

	protected MirrorRunComponent() {
	}

	MirrorRunComponent(MirrorRun run, String name) {
		super(0);
		this.run = run;
		this.name = name;
	}

	@Override
	protected String owner() {
		return "mirror run " + this.run.getId();
	}

	// a mirror run reads the source as a backup does
	@Override
	protected ComponentStatus workingStatus() {
		return ComponentStatus.STATUS_BACKING_UP;
	}

	@Override
	public String getName() {
		return this.name;
	}

}
