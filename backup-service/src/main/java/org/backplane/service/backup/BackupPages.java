package org.backplane.service.backup;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

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
 */
@Component
class BackupPages {

	/** The largest code point: every id starting with p sorts below p followed by it. */
	private static final String LAST_CODE_POINT = new String(Character.toChars(Character.MAX_CODE_POINT));

	@PersistenceContext
	private EntityManager entityManager;

	/**
	 * Reads one page, in the caller's transaction. The components and restores of the
	 * backups are loaded by batch when they are first touched ({@code @BatchSize}), not
	 * one query per backup.
	 * @param prefix ids start with this (taken literally), or {@code null}/empty for all
	 * @param status only this status, or {@code null}
	 * @param afterCreated the creation time of the previous page's last backup, or
	 * {@code null} for the first page
	 * @param afterId the id of the previous page's last backup (ignored for the first
	 * page)
	 * @param limit at most this many rows
	 * @return the backups, newest first (creation time, then id, both descending)
	 */
	@SuppressWarnings("unchecked")
	List<Backup> find(String prefix, BackupStatus status, Instant afterCreated, String afterId, int limit) {
		StringBuilder sql = new StringBuilder("select b.* from backup b where true");
		if (afterCreated != null) {
			sql.append(" and (b.created_at, b.id) < (:afterCreated, :afterId)");
		}
		if (status != null) {
			sql.append(" and b.status = :status");
		}
		boolean hasPrefix = prefix != null && !prefix.isEmpty();
		if (hasPrefix) {
			sql.append(" and b.id >= :prefix and b.id < :prefixEnd and b.id like :pattern escape '\\'");
		}
		sql.append(" order by b.created_at desc, b.id desc limit :limit");
		Query query = this.entityManager.createNativeQuery(sql.toString(), Backup.class);
		if (afterCreated != null) {
			query.setParameter("afterCreated", afterCreated);
			query.setParameter("afterId", afterId);
		}
		if (status != null) {
			query.setParameter("status", status.name());
		}
		if (hasPrefix) {
			query.setParameter("prefix", prefix);
			query.setParameter("prefixEnd", prefix + LAST_CODE_POINT);
			query.setParameter("pattern", likePrefix(prefix));
		}
		query.setParameter("limit", limit);
		return query.getResultList();
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
