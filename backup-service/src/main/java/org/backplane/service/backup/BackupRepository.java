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
	 * One keyset page of the backups whose label starts with a prefix, as retention reads
	 * them: by label, then newest first (ties by id, descending).
	 * @param prefix labels start with this (a LIKE pattern, escaped)
	 * @param label the label of the previous page's last backup ({@code ""} for the first
	 * page)
	 * @param createdAt its creation time (any for the first page)
	 * @param id its id (any for the first page)
	 * @param limit the page's size
	 * @return the backups after that one, in order
	 */
	@Query("""
			select new org.backplane.service.backup.BackupHistoryEntry(b.id, b.label, b.status, b.createdAt,
			  b.pinned, b.deletingSince)
			from Backup b
			where b.label like concat(:prefix, '%') escape '\\'
			  and (b.label > :label or (b.label = :label
			    and (b.createdAt < :createdAt or (b.createdAt = :createdAt and b.id < :id))))
			order by b.label, b.createdAt desc, b.id desc
			""")
	List<BackupHistoryEntry> findHistoryAfter(@Param("prefix") String prefix, @Param("label") String label,
			@Param("createdAt") Instant createdAt, @Param("id") String id, Limit limit);

	/**
	 * The creation time of the newest complete backup (READY or RESTORING, not being
	 * deleted) of a label made at or before a time.
	 * @param label the label
	 * @param notAfter the time
	 * @return the time, or {@code null} if there is none
	 */
	@Query("""
			select max(b.createdAt) from Backup b where b.label = :label and b.deletingSince is null
			  and b.status in (org.backplane.service.backup.BackupStatus.STATUS_READY,
			    org.backplane.service.backup.BackupStatus.STATUS_RESTORING)
			  and b.createdAt <= :notAfter
			""")
	Instant findNewestCompleteAt(@Param("label") String label, @Param("notAfter") Instant notAfter);

	/**
	 * The oldest complete backup (READY or RESTORING, not being deleted) of a label.
	 * @param label the label
	 * @param limit one
	 * @return its id, if there is one
	 */
	@Query("""
			select b.id from Backup b where b.label = :label and b.deletingSince is null
			  and b.status in (org.backplane.service.backup.BackupStatus.STATUS_READY,
			    org.backplane.service.backup.BackupStatus.STATUS_RESTORING)
			order by b.createdAt, b.id
			""")
	List<String> findOldestCompleteIds(@Param("label") String label, Limit limit);

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
	 * One page of the ids of the READY backups, in id order, for the verification
	 * schedule (keyset: the schedule never holds more than a page, whatever the size of
	 * the catalogue).
	 * @param after the last id of the previous page ({@code ""} for the first)
	 * @param limit the page's size
	 * @return the ids after {@code after}, in order
	 */
	@Query("""
			select b.id from Backup b where b.status = org.backplane.service.backup.BackupStatus.STATUS_READY
			  and b.id > :after order by b.id
			""")
	List<String> findReadyIdsAfter(@Param("after") String after, Limit limit);

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
