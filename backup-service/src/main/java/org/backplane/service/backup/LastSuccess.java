package org.backplane.service.backup;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * When each component of each label last backed up successfully
 * ({@code backup_last_success}): upserted in the transaction that marks a backup READY or
 * imports one, read by the metrics. A small table (labels × components), the same for
 * every replica.
 */
@Component
class LastSuccess {

	private final JdbcTemplate jdbc;

	LastSuccess(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a READY backup, in the caller's transaction; an older completion never
	 * replaces a newer one.
	 * @param backup the backup, READY
	 */
	void record(Backup backup) {
		Instant completed = backup.getCompletedAt();
		if (completed == null) {
			return;
		}
		for (BackupComponent component : backup.getComponents()) {
			this.jdbc.update("""
					insert into backup_last_success (label, component, completed_at) values (?, ?, ?)
					on conflict (label, component) do update
					set completed_at = greatest(backup_last_success.completed_at, excluded.completed_at)
					""", backup.getLabel(), component.getName(), Timestamp.from(completed));
		}
	}

	/**
	 * @return every (label, component) and when it last succeeded
	 */
	List<Entry> all() {
		return this.jdbc.query("select label, component, completed_at from backup_last_success",
				(rs, row) -> new Entry(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
	}

	record Entry(String label, String component, Instant completedAt) {
	}

}
