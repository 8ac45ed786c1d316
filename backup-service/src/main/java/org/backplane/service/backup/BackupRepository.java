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
	 * The backups whose label starts with a prefix, as retention reads them.
	 * @param prefix labels start with this (a LIKE pattern, escaped)
	 * @return the backups, in no particular order
	 */
	@Query("""
			select new org.backplane.service.backup.BackupHistoryEntry(b.id, b.label, b.status, b.createdAt,
			  b.pinned, b.deletingSince)
			from Backup b
			where b.label like concat(:prefix, '%') escape '\\'
			""")
	List<BackupHistoryEntry> findHistory(@Param("prefix") String prefix);

	/**
	 * @param label a label
	 * @param status a status
	 * @return whether a backup with this label is in this status
	 */
	boolean existsByLabelAndStatus(String label, BackupStatus status);

	/**
	 * @return the ids of the backups whose deletion started and did not end
	 */
	@Query("select b.id from Backup b where b.deletingSince is not null order by b.deletingSince")
	List<String> findDeletingIds();

	/**
	 * The backups of a status in a storage location, for the catalogue sync.
	 * @param status the status
	 * @param location the storage location's name
	 * @return the backups
	 */
	List<Backup> findByStatusAndStorageLocation(BackupStatus status, String location);

	/**
	 * The ids of the backups that were READY at their last look, for the verification
	 * schedule.
	 * @return the ids
	 */
	@Query("select b.id from Backup b where b.status = org.backplane.service.backup.BackupStatus.STATUS_READY")
	List<String> findReadyIds();

	@Query("""
			select b from Backup b join b.components c
			where c.name = :component and c.artifactKey is not null and b.status in :statuses
			  and b.storageLocation = :location and coalesce(b.storageBucket, '') = :bucket
			  and coalesce(b.storageEndpoint, '') = :endpoint and b.createdAt < :before
			order by b.createdAt desc, b.id desc
			""")
	List<Backup> findPreviousWith(@Param("component") String component, @Param("statuses") List<BackupStatus> statuses,
			@Param("location") String location, @Param("bucket") String bucket, @Param("endpoint") String endpoint,
			@Param("before") Instant before, Limit limit);

	@Query("""
			select b from Backup b join b.components c
			where c.name = :component and c.artifactKey is not null
			  and b.status = org.backplane.service.backup.BackupStatus.STATUS_READY
			order by b.createdAt desc, b.id desc
			""")
	List<Backup> findLatestReadyWith(@Param("component") String component, Limit limit);

}
