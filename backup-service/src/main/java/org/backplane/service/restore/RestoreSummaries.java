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
import org.springframework.stereotype.Component;

/**
 * The restores of a page of backups with their components' statuses, in one statement (an
 * array parameter, so its text does not depend on the page's size) read as rows: no
 * entities (docs/benchmarks.md, "What made listing slow").
 */
@Component
class RestoreSummaries {

	private static final String SQL = "select r.id, r.backup_id, r.status, r.created_at, r.created_by, c.name,"
			+ " c.status from restore r left join restore_component c on c.restore_id = r.id"
			+ " where r.backup_id = any(?) order by r.created_at desc, r.id, c.position";

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
		RestoreView[] current = new RestoreView[1];
		this.jdbc.query(SQL, (rs) -> {
			String id = rs.getString(1);
			if (current[0] == null || !current[0].id().equals(id)) {
				current[0] = new RestoreView(id, rs.getString(2), RestoreStatus.valueOf(rs.getString(3)),
						Rows.instant(rs, 4), rs.getString(5), new LinkedHashMap<>());
				byBackup.computeIfAbsent(current[0].backupId(), (backup) -> new ArrayList<>(1)).add(current[0]);
			}
			String component = rs.getString(6);
			if (component != null) {
				current[0].componentStatus().put(component, ComponentStatus.valueOf(rs.getString(7)));
			}
		}, (Object) backupIds.toArray(new String[0]));
		return byBackup;
	}

}
