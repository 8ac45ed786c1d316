package org.backplane.service.restore;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.backplane.service.job.HeartbeatRecords;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The catalogue of restores.
 */
public interface RestoreRepository extends JpaRepository<Restore, String>, HeartbeatRecords {

	/**
	 * @param backupId a backup's id
	 * @return its restores, newest first
	 */
	List<Restore> findByBackupIdOrderByCreatedAtDesc(String backupId);

	/**
	 * @param backupIds backups' ids
	 * @return their restores, newest first
	 */
	List<Restore> findByBackupIdInOrderByCreatedAtDesc(Collection<String> backupIds);

	/**
	 * Claims a queued restore for a runner.
	 * @return 1 if claimed
	 */
	@Modifying
	@Query("""
			update Restore r set r.runner = :runner, r.heartbeatAt = :now
			where r.id = :id and r.status = org.backplane.service.restore.RestoreStatus.STATUS_RESTORING
			  and r.runner is null
			""")
	int claim(@Param("id") String id, @Param("runner") String runner, @Param("now") Instant now);

	/**
	 * Records a running restore's heartbeat and progress.
	 * @return 1 if still ours and running
	 */
	@Override
	@Modifying
	@Query("""
			update Restore r set r.heartbeatAt = :now, r.progress.itemsDone = :itemsDone, r.progress.bytesDone = :bytesDone,
			  r.progress.itemsTotal = :itemsTotal, r.progress.bytesTotal = :bytesTotal
			where r.id = :id and r.runner = :runner
			  and r.status = org.backplane.service.restore.RestoreStatus.STATUS_RESTORING
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
			update RestoreComponent c set c.progress.itemsDone = :itemsDone, c.progress.bytesDone = :bytesDone
			where c.restore.id = :id and c.name = :name
			""")
	int componentProgress(@Param("id") String id, @Param("name") String name, @Param("itemsDone") long itemsDone,
			@Param("bytesDone") long bytesDone);

	/**
	 * Running restores whose heartbeat is older than a threshold.
	 */
	@Query("select r.id from Restore r where r.status = org.backplane.service.restore.RestoreStatus.STATUS_RESTORING and (r.heartbeatAt is null or r.heartbeatAt < :before)")
	List<String> findStale(@Param("before") Instant before);

}
