package org.backplane.service.restore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backplane.service.job.ComponentStatus;
import org.backplane.service.support.Rows;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The restores of a page of backups with their components' statuses, in one statement (an
 * array parameter, so its text does not depend on the page's size) read as rows: no
 * entities (docs/benchmarks.md, "What made listing slow"). Each restore's components are
 * two arrays of a sub-select on {@code restore_component}'s primary key: a join let the
 * planner hash the whole {@code restore_component} table when it expected many restores
 * (a sequential scan growing with the catalogue).
 */
@Component
class RestoreSummaries {

	private static final String SQL = "select r.id, r.backup_id, r.status, r.created_at, r.created_by,"
			+ " array(select c.name from restore_component c where c.restore_id = r.id order by c.position),"
			+ " array(select c.status from restore_component c where c.restore_id = r.id order by c.position)"
			+ " from restore r where r.backup_id = any(?) order by r.created_at desc, r.id";

	private final JdbcTemplate jdbc;

	RestoreSummaries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param backupIds backups' ids
	 * @return their restores, newest first, by backup id (backups without restores are
	 * absent)
	 */
	Map<String, List<RestoreView>> find(Collection<String> backupIds) {
		if (backupIds.isEmpty()) {
			return Map.of();
		}
		Map<String, List<RestoreView>> byBackup = new HashMap<>();
		RowCallbackHandler add = (rs) -> {
			String[] names = (String[]) rs.getArray(6).getArray();
			String[] statuses = (String[]) rs.getArray(7).getArray();
			Map<String, ComponentStatus> components = new LinkedHashMap<>();
			for (int i = 0; i < names.length; i++) {
				components.put(names[i], ComponentStatus.valueOf(statuses[i]));
			}
			RestoreView restore = new RestoreView(rs.getString(1), rs.getString(2),
					RestoreStatus.valueOf(rs.getString(3)), Rows.instant(rs, 4), rs.getString(5), components);
			byBackup.computeIfAbsent(restore.backupId(), (backup) -> new ArrayList<>(1)).add(restore);
		};
		this.jdbc.query(SQL, add, (Object) backupIds.toArray(new String[0]));
		return byBackup;
	}

}
