package org.backplane.service.plan;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each start of a plan (table {@code plan_run}): the backup or restore it runs as.
 */
@Component
class PlanRuns {

	private final JdbcTemplate jdbc;

	PlanRuns(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void add(PlanRun run) {
		this.jdbc.update(
				"insert into plan_run (run_id, plan, component, snapshot_name, created_at, created_by) values (?, ?, ?, ?, ?, ?)",
				run.runId(), run.plan(), run.component(), run.snapshotName(), Timestamp.from(run.createdAt()),
				run.createdBy());
	}

	/**
	 * The latest run of a plan.
	 * @param plan the plan's name
	 * @param component its component, or {@code null} for any
	 * @return the run, if the plan ever ran
	 */
	Optional<PlanRun> latest(String plan, String component) {
		List<PlanRun> runs = this.jdbc.query("""
				select run_id, plan, component, snapshot_name, created_at, created_by from plan_run
				where plan = ? and (cast(? as varchar) is null or component = ?) order by created_at desc limit 1""",
				(rs, row) -> new PlanRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getTimestamp(5).toInstant(), rs.getString(6)),
				plan, component, component);
		return runs.stream().findFirst();
	}

	/**
	 * One start of a plan.
	 *
	 * @param runId the backup's or restore's id
	 * @param plan the plan's name
	 * @param component the component
	 * @param snapshotName the snapshot's name
	 * @param createdAt when it started
	 * @param createdBy who started it
	 */
	record PlanRun(String runId, String plan, String component, String snapshotName, Instant createdAt,
			String createdBy) {
	}

}
