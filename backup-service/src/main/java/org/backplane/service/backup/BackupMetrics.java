package org.backplane.service.backup;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.ComponentStatus;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.support.CatalogueGauges;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The backups' metrics (see README "Monitoring"). Counters and timers count what this
 * replica ran (Prometheus sums them over replicas); the gauges are read from the
 * catalogue every {@code backplane.metrics.refresh-interval}, so every replica shows the
 * same values:
 * <ul>
 * <li>{@code backplane_backups_started_total}, {@code _succeeded_total},
 * {@code _failed_total} {component};</li>
 * <li>{@code backplane_backup_duration_seconds} {component, outcome}: from request to
 * end, a histogram;</li>
 * <li>{@code backplane_backup_bytes_total} {component}: artifact bytes stored;</li>
 * <li>{@code backplane_backup_last_success_timestamp_seconds} {component, schedule}: when
 * each component last backed up successfully under each label (a schedule's backups carry
 * its name);</li>
 * <li>{@code backplane_jobs_running} {kind="backup"}: backups being written, across the
 * cluster;</li>
 * <li>{@code backplane_backups_verify_failed}: backups whose last verification
 * failed.</li>
 * </ul>
 */
@Component
class BackupMetrics implements DisposableBean {

	private final MeterRegistry registry;

	private final List<CatalogueGauges> gauges;

	BackupMetrics(MeterRegistry registry, LastSuccess lastSuccess, JdbcTemplate jdbc, BackplaneProperties properties,
			SourceComponentRegistry sources) {
		this.registry = registry;
		// every configured component's counters exist from the start, at 0, so that
		// increase() and absent-series alerts see the first backup
		for (SourceComponent source : sources.all()) {
			counter("backplane.backups.started", "Backups started, per component", source.name());
			counter("backplane.backups.succeeded", "Backups that succeeded, per component", source.name());
			counter("backplane.backups.failed", "Backups that failed, per component", source.name());
		}
		Duration interval = properties.metrics().refreshInterval();
		this.gauges = List.of(
				new CatalogueGauges(registry, "backplane.backup.last.success.timestamp",
						"When each component last backed up successfully, per label (schedule)", "seconds",
						() -> lastSuccess.all()
							.stream()
							.map((e) -> new CatalogueGauges.Value(
									Tags.of("component", e.component(), "schedule", e.label()),
									e.completedAt().toEpochMilli() / 1000.0))
							.toList())
					.start(interval),
				new CatalogueGauges(registry, "backplane.jobs.running",
						"Backups and restores running now, across every replica", null,
						() -> List.of(
								new CatalogueGauges.Value(Tags.of("kind", "backup"),
										count(jdbc, "select count(*) from backup where completed_at is null")),
								new CatalogueGauges.Value(Tags.of("kind", "restore"),
										count(jdbc, "select count(*) from restore where completed_at is null"))))
					.start(interval),
				new CatalogueGauges(registry, "backplane.backups.verify.failed",
						"Backups whose last verification failed", null,
						() -> List.of(new CatalogueGauges.Value(Tags.empty(),
								count(jdbc, "select count(*) from backup where verify_status = 'FAILED'"))))
					.start(interval));
	}

	private static double count(JdbcTemplate jdbc, String sql) {
		Long count = jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * Reads every gauge now (tests).
	 */
	void refresh() {
		this.gauges.forEach(CatalogueGauges::refresh);
	}

	/**
	 * A backup's job started.
	 * @param backup the backup
	 */
	void started(Backup backup) {
		for (BackupComponent component : backup.getComponents()) {
			counter("backplane.backups.started", "Backups started, per component", component.getName()).increment();
		}
	}

	/**
	 * A backup ended, READY or ERROR.
	 * @param backup the backup, ended
	 */
	void ended(Backup backup) {
		boolean ready = backup.getStatus() == BackupStatus.STATUS_READY;
		Duration duration = (backup.getCompletedAt() != null)
				? Duration.between(backup.getCreatedAt(), backup.getCompletedAt()) : Duration.ZERO;
		for (BackupComponent component : backup.getComponents()) {
			String name = component.getName();
			boolean succeeded = ready && component.getStatus() == ComponentStatus.STATUS_READY;
			if (succeeded) {
				counter("backplane.backups.succeeded", "Backups that succeeded, per component", name).increment();
				Counter.builder("backplane.backup.bytes")
					.description("Artifact bytes stored by backups, per component")
					.baseUnit("bytes")
					.tag("component", name)
					.register(this.registry)
					.increment((component.getSizeBytes() != null) ? component.getSizeBytes() : 0);
			}
			else {
				counter("backplane.backups.failed", "Backups that failed, per component", name).increment();
			}
			Timer.builder("backplane.backup.duration")
				.description("How long backups took, from request to end")
				.tags("component", name, "outcome", succeeded ? "success" : "failure")
				.publishPercentileHistogram()
				.register(this.registry)
				.record(duration);
		}
	}

	private Counter counter(String name, String description, String component) {
		return Counter.builder(name).description(description).tag("component", component).register(this.registry);
	}

	@Override
	public void destroy() {
		this.gauges.forEach(CatalogueGauges::close);
	}

}
