package org.backplane.service.restore;

import java.util.Collection;
import java.util.List;

import org.backplane.service.job.RunRepository;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The catalogue of restores. Used only inside this package.
 */
interface RestoreRepository extends RunRepository<Restore> {

	/**
	 * A backup's restores.
	 * @param backupId a backup's id
	 * @return its restores, newest first
	 */
	List<Restore> findByBackupIdOrderByCreatedAtDesc(String backupId);

	/**
	 * Several backups' restores.
	 * @param backupIds backups' ids
	 * @return their restores, newest first
	 */
	List<Restore> findByBackupIdInOrderByCreatedAtDesc(Collection<String> backupIds);

	@Override
	@Modifying
	@Query("""
			update RestoreComponent c set c.progress.itemsDone = :itemsDone, c.progress.bytesDone = :bytesDone
			where c.restore.id = :id and c.name = :name
			""")
	int componentProgress(@Param("id") String id, @Param("name") String name, @Param("itemsDone") long itemsDone,
			@Param("bytesDone") long bytesDone);

}
