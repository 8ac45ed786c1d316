package org.backplane.service.backup;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.RunMetrics;
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

	private final RunMetrics runs;

	private final List<CatalogueGauges> gauges;

	BackupMetrics(MeterRegistry registry, LastSuccess lastSuccess, JdbcTemplate jdbc, BackplaneProperties properties,
			SourceComponentRegistry sources) {
		this.runs = new RunMetrics(registry, "backup", sources.all().stream().map(SourceComponent::name).toList());
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
		this.runs.started(backup);
	}

	/**
	 * A backup ended, READY or ERROR.
	 * @param backup the backup, ended
	 */
	void ended(Backup backup) {
		this.runs.ended(backup, backup.getStatus() == BackupStatus.STATUS_READY,
				(component) -> (component.getSizeBytes() != null) ? component.getSizeBytes() : 0);
	}

	@Override
	public void destroy() {
		this.gauges.forEach(CatalogueGauges::close);
	}

}
