package org.backplane.service.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.backplane.service.job.RunRepository;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The catalogue of backups. Used only inside this package: other features go through
 * {@link BackupService} and {@link BackupCatalogue}.
 */
interface BackupRepository extends RunRepository<Backup> {

	/**
	 * Reads a backup and locks its row until the transaction ends (used by delete, so no
	 * restore can start while artifacts are being removed).
	 * @param id the id
	 * @return the backup
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select b from Backup b where b.id = :id")
	Optional<Backup> findForUpdate(@Param("id") String id);

	/**
	 * The READY backups of a data-service snapshot, newest first.
	 * @param location the storage location's name
	 * @param layout the snapshot's layout
	 * @param snapshotName the snapshot's name
	 * @return the backups
	 */
	@Query("""
			select b from Backup b where b.storageLocation = :location and b.layout = :layout
			  and b.snapshotName = :snapshotName and b.status = org.backplane.service.backup.BackupStatus.STATUS_READY
			order by b.createdAt desc
			""")
	List<Backup> findSnapshots(@Param("location") String location, @Param("layout") String layout,
			@Param("snapshotName") String snapshotName);

	/**
	 * One page of backups, newest first, strictly after a keyset position (for the first
	 * page, a position after every backup: {@link BackupService} passes the far future).
	 * @param prefix ids start with this (a LIKE pattern, escaped)
	 * @param status only this status, or {@code null}
	 * @param afterCreated the position's creation time
	 * @param afterId the position's id
	 * @param limit the page size
	 * @return the page
	 */
	@Query("""
			select b from Backup b
			where b.id like concat(:prefix, '%') escape '\\'
			  and (:status is null or b.status = :status)
			  and (b.createdAt < :afterCreated or (b.createdAt = :afterCreated and b.id < :afterId))
			order by b.createdAt desc, b.id desc
			""")
	List<Backup> findPage(@Param("prefix") String prefix, @Param("status") BackupStatus status,
			@Param("afterCreated") Instant afterCreated, @Param("afterId") String afterId, Limit limit);

}
