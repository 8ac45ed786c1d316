package org.backplane.service.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * One operation per component at a time, across every node sharing the database: a row
 * per component in use, its primary key settling races. Backups of different components
 * run at once.
 */
@Component
public class ComponentLocks {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	ComponentLocks(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Takes the locks of several components for one backup or restore, in the caller's
	 * transaction: all or none.
	 * @param components the components' names
	 * @param holderId the backup's or restore's id
	 * @param operation {@code backup} or {@code restore}
	 * @throws ComponentBusyException if one is held by someone else (the transaction must
	 * then roll back)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void acquire(Collection<String> components, String holderId, String operation) {
		Timestamp now = Timestamp.from(this.clock.instant());
		for (String component : components) {
			int inserted = this.jdbc.update("""
					insert into component_lock (component, holder_id, operation, acquired_at)
					values (?, ?, ?, ?) on conflict (component) do nothing
					""", component, holderId, operation, now);
			if (inserted == 0) {
				List<Map<String, Object>> holder = this.jdbc
					.queryForList("select holder_id, operation from component_lock where component = ?", component);
				String holderOf = holder.isEmpty() ? "another job" : (String) holder.get(0).get("holder_id");
				String operationOf = holder.isEmpty() ? "an operation" : (String) holder.get(0).get("operation");
				throw new ComponentBusyException(component, holderOf, operationOf);
			}
		}
	}

	/**
	 * Releases every lock a backup or restore holds, in the caller's transaction (or its
	 * own).
	 * @param holderId the backup's or restore's id
	 */
	@Transactional
	public void release(String holderId) {
		this.jdbc.update("delete from component_lock where holder_id = ?", holderId);
	}

	/**
	 * @return the components in use, and by whom
	 */
	public Map<String, String> holders() {
		Map<String, String> holders = new LinkedHashMap<>();
		this.jdbc.query("select component, holder_id from component_lock order by component",
				(RowCallbackHandler) (rs) -> holders.put(rs.getString(1), rs.getString(2)));
		return holders;
	}

}
