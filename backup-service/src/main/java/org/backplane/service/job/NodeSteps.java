package org.backplane.service.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The per-node steps of a run over a {@code nodes} component (table {@code run_node}),
 * and the steps of a {@code buckets} component's plan run ({@link #BACKUP_STEP},
 * {@link #MIRROR_STEP}; recorded only when the plan created their rows): each node's
 * status, message and, for a backup, its artifact (key, size, SHA-256); and whether the
 * run's next steps wait ({@code run_pause}: a plan's stop or interrupt; the run is then
 * parked, {@link RunParkedException}). Each change is its own statement, committed at
 * once, so that a plan's status shows it while the run goes on.
 */
@Component
public class NodeSteps {

	/**
	 * For a component not made of nodes (a {@code buckets} component's plan run), the
	 * "node" of its backup step: {@code backup-buckets}.
	 */
	public static final int BACKUP_STEP = 0;

	/**
	 * For a component not made of nodes, the "node" of its mirror step: {@code mirror}.
	 */
	public static final int MIRROR_STEP = 1;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	NodeSteps(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records a run's nodes as {@link NodeStatus#PENDING}; those already recorded are
	 * left alone.
	 * @param runId the backup's or restore's id
	 * @param component the component
	 * @param nodes how many nodes
	 */
	public void begin(String runId, String component, int nodes) {
		for (int node = 0; node < nodes; node++) {
			this.jdbc.update("""
					insert into run_node (run_id, component, node, status, updated_at) values (?, ?, ?, ?, ?)
					on conflict do nothing""", runId, component, node, NodeStatus.PENDING.name(), now());
		}
	}

	/**
	 * Sets every step of a run back to {@link NodeStatus#PENDING}, forgetting what they
	 * did: a new attempt of an interrupted run starts over (the reaper removed what the
	 * dead attempt stored), it must not skip their steps as done.
	 * @param runId the run
	 */
	public void reset(String runId) {
		this.jdbc.update("""
				update run_node set status = ?, message = null, artifact_key = null, size_bytes = null, sha256 = null,
				  items = 0, content_bytes = 0, updated_at = ?
				where run_id = ?""", NodeStatus.PENDING.name(), now(), runId);
	}

	/**
	 * A node's step starts.
	 * @param runId the run
	 * @param component the component
	 * @param node the node
	 * @param message what it does, or {@code null}
	 */
	public void starting(String runId, String component, int node, String message) {
		set(runId, component, node, NodeStatus.STARTING, message);
	}

	/**
	 * Tells what a running node's step does now.
	 * @param runId the run
	 * @param component the component
	 * @param node the node
	 * @param message what it does
	 */
	public void message(String runId, String component, int node, String message) {
		this.jdbc.update(
				"update run_node set message = ?, updated_at = ? where run_id = ? and component = ? and node = ?",
				message, now(), runId, component, node);
	}

	/**
	 * A node's step completed.
	 * @param runId the run
	 * @param component the component
	 * @param node the node
	 * @param message what it did
	 * @param artifact the node's artifact (a backup's), or {@code null}
	 */
	public void complete(String runId, String component, int node, String message, NodeArtifact artifact) {
		if (artifact == null) {
			set(runId, component, node, NodeStatus.COMPLETE, message);
			return;
		}
		this.jdbc.update("""
				update run_node set status = ?, message = ?, artifact_key = ?, size_bytes = ?, sha256 = ?, items = ?,
				  content_bytes = ?, updated_at = ?
				where run_id = ? and component = ? and node = ?""", NodeStatus.COMPLETE.name(), message, artifact.key(),
				artifact.size(), artifact.sha256(), artifact.items(), artifact.contentBytes(), now(), runId, component,
				node);
	}

	/**
	 * A node's step failed.
	 * @param runId the run
	 * @param component the component
	 * @param node the node
	 * @param message why, shown to users; never secrets
	 */
	public void failed(String runId, String component, int node, String message) {
		set(runId, component, node, NodeStatus.ERROR, message);
	}

	/**
	 * The nodes of a run, by component and node.
	 * @param runId the run
	 * @return its steps; empty if it has none (yet)
	 */
	public List<NodeStep> of(String runId) {
		return this.jdbc.query("""
				select component, node, status, message, artifact_key, size_bytes, sha256, items, content_bytes
				from run_node where run_id = ? order by component, node""",
				(rs, row) -> new NodeStep(rs.getString(1), rs.getInt(2), NodeStatus.valueOf(rs.getString(3)),
						rs.getString(4), rs.getString(5), (Long) rs.getObject(6), rs.getString(7), rs.getLong(8),
						rs.getLong(9)),
				runId);
	}

	/**
	 * Makes a run's next node steps wait.
	 * @param runId the run
	 * @return whether it was not waiting already
	 */
	public boolean pause(String runId) {
		return this.jdbc.update("insert into run_pause (run_id, paused_at) values (?, ?) on conflict do nothing", runId,
				now()) == 1;
	}

	/**
	 * Lets a waiting run go on: its parked queue entry, if any and not being checked
	 * right now, is due at once (else the next check, within a heartbeat interval, finds
	 * it may go on).
	 * @param runId the run
	 * @return whether it was waiting
	 */
	public boolean resume(String runId) {
		boolean waited = this.jdbc.update("delete from run_pause where run_id = ?", runId) == 1;
		if (waited) {
			this.jdbc.update("update scheduled_tasks set execution_time = ? where task_instance = ? and not picked",
					now(), runId);
		}
		return waited;
	}

	/**
	 * @param runId the run
	 * @return whether its next steps wait
	 */
	public boolean isPaused(String runId) {
		Integer count = this.jdbc.queryForObject("select count(*) from run_pause where run_id = ?", Integer.class,
				runId);
		return count != null && count > 0;
	}

	/**
	 * Parks the run if its next steps wait: called between steps, on the run's thread.
	 * @param runId the run
	 * @throws RunParkedException if the run is paused: the run kernel parks it
	 */
	public void parkIfPaused(String runId) {
		if (isPaused(runId)) {
			throw new RunParkedException(runId);
		}
	}

	/**
	 * The steps of a component in a run that completed (in an earlier execution of a run
	 * that was parked), by node.
	 * @param runId the run
	 * @param component the component
	 * @return its completed steps
	 */
	public Map<Integer, NodeStep> completed(String runId, String component) {
		Map<Integer, NodeStep> done = new TreeMap<>();
		for (NodeStep step : of(runId)) {
			if (step.component().equals(component) && step.status() == NodeStatus.COMPLETE) {
				done.put(step.node(), step);
			}
		}
		return done;
	}

	private void set(String runId, String component, int node, NodeStatus status, String message) {
		this.jdbc.update(
				"update run_node set status = ?, message = ?, updated_at = ? where run_id = ? and component = ? and node = ?",
				status.name(), message, now(), runId, component, node);
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	/**
	 * The status of a node's step, as the DC/OS SDK names step statuses.
	 */
	public enum NodeStatus {

		/** Not started. */
		PENDING,

		/** Running: its hooks or its copy. */
		STARTING,

		/** Done. */
		COMPLETE,

		/** Failed; the message says why. */
		ERROR

	}

	/**
	 * A node's artifact, as a backup stored it.
	 *
	 * @param key its key, or the prefix of its objects for a plain-file layout
	 * @param size its size in bytes
	 * @param sha256 its SHA-256 (for a plain-file layout, of its file list), lower-case
	 * hex
	 * @param items files in it
	 * @param contentBytes content bytes in it
	 */
	public record NodeArtifact(String key, long size, String sha256, long items, long contentBytes) {
	}

	/**
	 * One node's step of a run.
	 *
	 * @param component the component
	 * @param node the node's index
	 * @param status its status
	 * @param message its message, or {@code null}
	 * @param artifactKey its artifact's key, or {@code null}
	 * @param sizeBytes its artifact's size, or {@code null}
	 * @param sha256 its artifact's SHA-256, or {@code null}
	 * @param items files copied
	 * @param contentBytes bytes copied
	 */
	public record NodeStep(String component, int node, NodeStatus status, String message, String artifactKey,
			Long sizeBytes, String sha256, long items, long contentBytes) {
	}

}
