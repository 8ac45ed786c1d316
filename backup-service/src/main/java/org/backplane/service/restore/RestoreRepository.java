package org.backplane.service.restore;

import java.util.List;

import org.backplane.service.job.RunRepository;

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

}
