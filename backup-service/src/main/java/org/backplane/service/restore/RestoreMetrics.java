package org.backplane.service.restore;

import io.micrometer.core.instrument.MeterRegistry;
import org.backplane.service.job.RunMetrics;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;

import org.springframework.stereotype.Component;

/**
 * The restores' metrics ({@link RunMetrics}): {@code backplane_restores_started_total},
 * {@code _succeeded_total}, {@code _failed_total} {component};
 * {@code backplane_restore_duration_seconds} {component, outcome};
 * {@code backplane_restore_bytes_total} {component} (content bytes restored). Running
 * restores are counted, from the catalogue, by {@code backplane_jobs_running}.
 */
@Component
class RestoreMetrics {

	private final RunMetrics runs;

	RestoreMetrics(MeterRegistry registry, SourceComponentRegistry sources) {
		this.runs = new RunMetrics(registry, "restore", sources.all().stream().map(SourceComponent::name).toList());
	}

	void started(Restore restore) {
		this.runs.started(restore);
	}

	void ended(Restore restore) {
		this.runs.ended(restore, restore.getStatus() == RestoreStatus.STATUS_READY,
				(component) -> component.getProgress().getBytesDone());
	}

}
