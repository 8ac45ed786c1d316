package org.backplane.service.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.backplane.service.job.HeartbeatRecords;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The catalogue of backups.
 */
public interface BackupRepository extends JpaRepository<Backup, String>, HeartbeatRecords {

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
	 * One page of backups, newest first, strictly after a keyset position (for the first
	 * page, a position after every backup: {@link BackupService} passes the far future).
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

	/**
	 * Claims a queued backup for a runner: succeeds for exactly one runner.
	 * @return 1 if claimed, 0 if another runner has it or it is no longer being backed up
	 */
	@Modifying
	@Query("""
			update Backup b set b.runner = :runner, b.heartbeatAt = :now
			where b.id = :id and b.status = org.backplane.service.backup.BackupStatus.STATUS_BACKING_UP
			  and b.runner is null
			""")
	int claim(@Param("id") String id, @Param("runner") String runner, @Param("now") Instant now);

	/**
	 * Records a running backup's heartbeat and progress, without touching its version.
	 * @return 1 if the row is still ours and running
	 */
	@Override
	@Modifying
	@Query("""
			update Backup b set b.heartbeatAt = :now, b.progress.itemsDone = :itemsDone,
			  b.progress.bytesDone = :bytesDone, b.progress.itemsTotal = :itemsTotal, b.progress.bytesTotal = :bytesTotal
			where b.id = :id and b.runner = :runner
			  and b.status = org.backplane.service.backup.BackupStatus.STATUS_BACKING_UP
			""")
	int heartbeat(@Param("id") String id, @Param("runner") String runner, @Param("now") Instant now,
			@Param("itemsDone") long itemsDone, @Param("bytesDone") long bytesDone,
			@Param("itemsTotal") long itemsTotal, @Param("bytesTotal") long bytesTotal);

	/**
	 * Records one component's progress.
	 */
	@Override
	@Modifying
	@Query("""
			update BackupComponent c set c.progress.itemsDone = :itemsDone, c.progress.bytesDone = :bytesDone
			where c.backup.id = :id and c.name = :name
			""")
	int componentProgress(@Param("id") String id, @Param("name") String name, @Param("itemsDone") long itemsDone,
			@Param("bytesDone") long bytesDone);

	/**
	 * Backups in a status whose heartbeat is older than a threshold.
	 */
	@Query("select b.id from Backup b where b.status = :status and (b.heartbeatAt is null or b.heartbeatAt < :before)")
	List<String> findStale(@Param("status") BackupStatus status, @Param("before") Instant before);

}
