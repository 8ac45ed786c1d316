package org.backplane.service.job;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells which running jobs have lost their runner, by looking at db-scheduler's queue: a
 * job whose row is stale is dead only if its queue entry is gone, or is picked but has a
 * stale heartbeat too. A job still waiting in the queue is never reaped.
 */
@Component
class StaleJobs {

	private final JdbcTemplate jdbc;

	StaleJobs(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param taskName the db-scheduler task's name
	 * @param id the job's instance id (the backup's or restore's id)
	 * @param staleBefore heartbeats older than this are stale
	 * @return whether the job's runner is gone
	 */
	boolean isDead(String taskName, String id, Instant staleBefore) {
		List<Boolean> alive = this.jdbc.query("""
				select (not picked) or (last_heartbeat is not null and last_heartbeat >= ?)
				from scheduled_tasks where task_name = ? and task_instance = ?
				""", (rs, row) -> rs.getBoolean(1), Timestamp.from(staleBefore), taskName, id);
		return alive.isEmpty() || !alive.get(0);
	}

	/**
	 * Removes a job's queue entry, so that it is neither picked nor revived again.
	 * @param taskName the task's name
	 * @param id the job's instance id
	 */
	void forget(String taskName, String id) {
		this.jdbc.update("delete from scheduled_tasks where task_name = ? and task_instance = ?", taskName, id);
	}

}
