package org.backplane.service.job;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The metrics every kind of run has, counted by the replica that ran it (Prometheus sums
 * them over replicas): {@code backplane_<kinds>_started_total}, {@code _succeeded_total},
 * {@code _failed_total} {component}; {@code backplane_<kind>_duration_seconds}
 * {component, outcome}, from request to end, a histogram; and
 * {@code backplane_<kind>_bytes_total} {component}.
 */
public final class RunMetrics {

	private final MeterRegistry registry;

	private final String kind;

	private final String kinds;

	/**
	 * Registers the counters of every configured component at 0, so that
	 * {@code increase()} sees the first run.
	 * @param registry where the meters go
	 * @param kind the kind, singular ({@code backup})
	 * @param components the configured components' names
	 */
	public RunMetrics(MeterRegistry registry, String kind, Collection<String> components) {
		this.registry = registry;
		this.kind = kind;
		this.kinds = kind + "s";
		for (String component : components) {
			counter("started", component);
			counter("succeeded", component);
			counter("failed", component);
		}
	}

	/**
	 * A run started; a parked run going on (a component already started) is not counted
	 * again.
	 * @param run the run
	 */
	public void started(CatalogueRun<?> run) {
		if (run.getComponents().stream().anyMatch((c) -> c.getStatus() != ComponentStatus.STATUS_UNKNOWN)) {
			return;
		}
		for (ComponentRun component : run.getComponents()) {
			counter("started", component.getName()).increment();
		}
	}

	/**
	 * A run ended.
	 * @param run the run, ended
	 * @param succeeded whether it succeeded
	 * @param bytes the bytes a succeeded component moved
	 * @param <C> the type of its components
	 */
	public <C extends ComponentRun> void ended(CatalogueRun<C> run, boolean succeeded, ToLongFunction<C> bytes) {
		Duration duration = (run.getCompletedAt() != null) ? Duration.between(run.getCreatedAt(), run.getCompletedAt())
				: Duration.ZERO;
		for (C component : run.getComponents()) {
			String name = component.getName();
			boolean done = succeeded && component.getStatus() == ComponentStatus.STATUS_READY;
			if (done) {
				counter("succeeded", name).increment();
				Counter.builder("backplane." + this.kind + ".bytes")
					.description("Bytes moved by " + this.kinds + ", per component")
					.baseUnit("bytes")
					.tag("component", name)
					.register(this.registry)
					.increment(bytes.applyAsLong(component));
			}
			else {
				counter("failed", name).increment();
			}
			Timer.builder("backplane." + this.kind + ".duration")
				.description("How long " + this.kinds + " took, from request to end")
				.tags("component", name, "outcome", done ? "success" : "failure")
				.publishPercentileHistogram()
				.register(this.registry)
				.record(duration);
		}
	}

	private Counter counter(String outcome, String component) {
		return Counter.builder("backplane." + this.kinds + "." + outcome)
			.description(this.kinds.substring(0, 1).toUpperCase(Locale.ROOT) + this.kinds.substring(1) + " " + outcome
					+ ", per component")
			.tag("component", component)
			.register(this.registry);
	}

}
