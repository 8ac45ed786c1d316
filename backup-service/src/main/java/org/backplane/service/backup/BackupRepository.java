package org.backplane.service.backup;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.backplane.service.job.RunRepository;

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

}
