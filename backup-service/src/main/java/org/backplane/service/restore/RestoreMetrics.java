package org.backplane.service.restore;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.backplane.service.job.ComponentStatus;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;

import org.springframework.stereotype.Component;

/**
 * The restores' metrics, counted by the replica that ran them (Prometheus sums them over
 * replicas): {@code backplane_restores_started_total}, {@code _succeeded_total},
 * {@code _failed_total} {component}; {@code backplane_restore_duration_seconds}
 * {component, outcome} (from request to end, a histogram);
 * {@code backplane_restore_bytes_total} {component} (content bytes restored). Running
 * restores are counted, from the catalogue, by {@code backplane_jobs_running}.
 */
@Component
class RestoreMetrics {

	private final MeterRegistry registry;

	RestoreMetrics(MeterRegistry registry, SourceComponentRegistry sources) {
		this.registry = registry;
		// every configured component's counters exist from the start, at 0
		for (SourceComponent source : sources.all()) {
			counter("backplane.restores.started", "Restores started, per component", source.name());
			counter("backplane.restores.succeeded", "Restores that succeeded, per component", source.name());
			counter("backplane.restores.failed", "Restores that failed, per component", source.name());
		}
	}

	void started(Restore restore) {
		for (RestoreComponent component : restore.getComponents()) {
			counter("backplane.restores.started", "Restores started, per component", component.getName()).increment();
		}
	}

	void ended(Restore restore) {
		boolean ready = restore.getStatus() == RestoreStatus.STATUS_READY;
		Duration duration = (restore.getCompletedAt() != null)
				? Duration.between(restore.getCreatedAt(), restore.getCompletedAt()) : Duration.ZERO;
		for (RestoreComponent component : restore.getComponents()) {
			String name = component.getName();
			boolean succeeded = ready && component.getStatus() == ComponentStatus.STATUS_READY;
			if (succeeded) {
				counter("backplane.restores.succeeded", "Restores that succeeded, per component", name).increment();
				Counter.builder("backplane.restore.bytes")
					.description("Content bytes restored, per component")
					.baseUnit("bytes")
					.tag("component", name)
					.register(this.registry)
					.increment(component.getProgress().getBytesDone());
			}
			else {
				counter("backplane.restores.failed", "Restores that failed, per component", name).increment();
			}
			Timer.builder("backplane.restore.duration")
				.description("How long restores took, from request to end")
				.tags("component", name, "outcome", succeeded ? "success" : "failure")
				.publishPercentileHistogram()
				.register(this.registry)
				.record(duration);
		}
	}

	private Counter counter(String name, String description, String component) {
		return Counter.builder(name).description(description).tag("component", component).register(this.registry);
	}

}
