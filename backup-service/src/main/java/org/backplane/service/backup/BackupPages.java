package org.backplane.service.backup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.backplane.service.job.ComponentStatus;
import org.backplane.service.job.Progress;
import org.backplane.service.support.Rows;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * One page of the catalogue, newest first, in one statement whose predicates an index
 * answers whatever the catalogue's size (docs/benchmarks.md, "The API at a million
 * backups"):
 * <ul>
 * <li>the keyset position is a row comparison {@code (created_at, id) < (?, ?)}, an index
 * condition on {@code backup_created_idx} (an {@code OR} of the two columns is only a
 * filter, read from the first row on);</li>
 * <li>a status walks {@code backup_status_created_idx} (status, created_at, id) in page
 * order;</li>
 * <li>a prefix is the range {@code id >= p and id < p || U+10FFFF} on the primary key
 * ({@code id} compares in the "C" collation, migration V8), plus the exact
 * {@code LIKE 'p%'} with {@code %}, {@code _} and {@code \} escaped. A
 * {@code LIKE concat(?, '%')} cannot use an index at all: its pattern is not known when
 * the statement is planned.</li>
 * </ul>
 * Only the predicates a request needs are in the statement (no {@code ? is null or …}),
 * so each plan fits its case. The statement text is made of fixed fragments; values are
 * always bound.
 * <p>
 * A page is read as rows, not entities: one statement for the backups and one for all
 * their components ({@code backup_id = any(?)}), mapped straight to {@link BackupView}s.
 * Building the entities (a persistence context, dirty-checking snapshots, collection
 * wrappers, timestamps through {@code java.util.Calendar}) was most of a page's CPU time
 * (docs/benchmarks.md, "What made listing slow"). Each statement runs on its own in
 * auto-commit: the same consistency as the read-committed transaction it replaces, where
 * every statement saw its own snapshot too.
 */
@Component
class BackupPages {

	/** The largest code point: every id starting with p sorts below p followed by it. */
	private static final String LAST_CODE_POINT = new String(Character.toChars(Character.MAX_CODE_POINT));

	private static final String COLUMNS = "select b.id, b.label, b.status, b.service_version, b.storage_location,"
			+ " b.storage_uri, b.storage_bucket, b.storage_endpoint, b.created_at, b.created_by, b.updated_at,"
			+ " b.completed_at, b.error_reason, b.size_bytes, b.items_done, b.items_total, b.bytes_done,"
			+ " b.bytes_total, b.verified_at, b.verify_depth, b.verify_status, b.verify_detail, b.pinned, b.attempts"
			+ " from backup b where true";

	private static final String COMPONENTS = "select c.backup_id, c.name, c.status, c.items_done, c.items_total,"
			+ " c.bytes_done, c.bytes_total, c.artifact_key, c.size_bytes, c.sha256, c.error_reason,"
			+ " c.items_skipped, c.bytes_skipped from backup_component c where c.backup_id = any(?)"
			+ " order by c.backup_id, c.position";

	private final JdbcTemplate jdbc;

	BackupPages(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Reads one page with the components of its backups: two statements, whatever the
	 * page's size.
	 * @param prefix ids start with this (taken literally), or {@code null}/empty for all
	 * @param status only this status, or {@code null}
	 * @param afterCreated the creation time of the previous page's last backup, or
	 * {@code null} for the first page
	 * @param afterId the id of the previous page's last backup (ignored for the first
	 * page)
	 * @param limit at most this many rows
	 * @return the backups, newest first (creation time, then id, both descending)
	 */
	List<BackupView> find(String prefix, BackupStatus status, Instant afterCreated, String afterId, int limit) {
		StringBuilder sql = new StringBuilder(COLUMNS);
		List<Object> args = new ArrayList<>(6);
		if (afterCreated != null) {
			sql.append(" and (b.created_at, b.id) < (?, ?)");
			args.add(OffsetDateTime.ofInstant(afterCreated, ZoneOffset.UTC));
			args.add(afterId);
		}
		if (status != null) {
			sql.append(" and b.status = ?");
			args.add(status.name());
		}
		if (prefix != null && !prefix.isEmpty()) {
			sql.append(" and b.id >= ? and b.id < ? and b.id like ? escape '\\'");
			args.add(prefix);
			args.add(prefix + LAST_CODE_POINT);
			args.add(likePrefix(prefix));
		}
		sql.append(" order by b.created_at desc, b.id desc limit ?");
		args.add(limit);
		// each backup's components go into the list its view holds (filled below, not
		// shared once the page is returned)
		Map<String, List<BackupView.Component>> components = new HashMap<>();
		List<BackupView> page = this.jdbc.query(sql.toString(), (rs, rowNum) -> {
			List<BackupView.Component> own = new ArrayList<>(2);
			BackupView view = backup(rs, own);
			components.put(view.id(), own);
			return view;
		}, args.toArray());
		if (!page.isEmpty()) {
			RowCallbackHandler addComponent = (rs) -> components.get(rs.getString(1)).add(component(rs));
			this.jdbc.query(COMPONENTS, addComponent, (Object) components.keySet().toArray(new String[0]));
		}
		return page;
	}

	private static BackupView backup(ResultSet rs, List<BackupView.Component> components) throws SQLException {
		String verifyStatus = rs.getString(21);
		return new BackupView(rs.getString(1), rs.getString(2), BackupStatus.valueOf(rs.getString(3)), rs.getString(4),
				rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), Rows.instant(rs, 9),
				rs.getString(10), Rows.instant(rs, 11), Rows.instant(rs, 12), rs.getString(13), rs.getLong(14),
				new Progress(rs.getLong(15), rs.getLong(16), rs.getLong(17), rs.getLong(18)), components,
				Rows.instant(rs, 19), rs.getString(20),
				(verifyStatus != null) ? VerificationStatus.valueOf(verifyStatus) : null, rs.getString(22),
				rs.getBoolean(23), rs.getInt(24));
	}

	private static BackupView.Component component(ResultSet rs) throws SQLException {
		return new BackupView.Component(rs.getString(2), ComponentStatus.valueOf(rs.getString(3)),
				new Progress(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)), rs.getString(8),
				Rows.nullableLong(rs, 9), rs.getString(10), rs.getString(11), Rows.nullableLong(rs, 12),
				Rows.nullableLong(rs, 13));
	}

	/**
	 * @param prefix a literal prefix
	 * @return a LIKE pattern matching exactly the strings that start with it ({@code \}
	 * is the escape character)
	 */
	static String likePrefix(String prefix) {
		return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}
