package org.backplane.service.restore;

import java.util.List;

import org.backplane.service.job.RunRepository;

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
	 * Several backups' restores, in one statement whose text does not depend on how many
	 * backups there are (an array parameter, not an {@code IN} list): Hibernate
	 * interprets it once, where an {@code IN} list of each page's size costs a new
	 * interpretation on every call (half the CPU time of listing a page,
	 * docs/benchmarks.md).
	 * @param backupIds backups' ids
	 * @return their restores, newest first
	 */
	@Query(value = "select r.* from restore r where r.backup_id = any(:backupIds) order by r.created_at desc",
			nativeQuery = true)
	List<Restore> findByBackupIds(@Param("backupIds") String[] backupIds);

}
