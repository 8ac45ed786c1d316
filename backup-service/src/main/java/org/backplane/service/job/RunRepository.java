package org.backplane.service.job;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.data.repository.query.Param;

/**
 * The queries the run kernel needs of one kind of run ({@code backup}, {@code restore}),
 * written once for every kind ({@code #{#entityName}} is the kind's entity). A run is
 * running while its {@code completedAt} is {@code null} ({@link CatalogueRun}).
 *
 * @param <R> the kind's entity
 */
@NoRepositoryBean
public interface RunRepository<R extends CatalogueRun<?>> extends JpaRepository<R, String> {

	/**
	 * Claims a queued run for a runner: succeeds for exactly one runner.
	 * @param id the run's id
	 * @param runner the runner that picked it
	 * @param now the time
	 * @return 1 if claimed, 0 if another runner has it or it ended
	 */
	@Modifying
	@Query("""
			update #{#entityName} r set r.runner = :runner, r.heartbeatAt = :now
			where r.id = :id and r.completedAt is null and r.runner is null
			""")
	int claim(@Param("id") String id, @Param("runner") String runner, @Param("now") Instant now);

	/**
	 * Records a running run's heartbeat and overall progress, without touching its row
	 * version, if the row is still this runner's and running.
	 * @param id the run's id
	 * @param runner the runner that claimed it
	 * @param attempt the attempt it runs
	 * @param now the time of the beat
	 * @param itemsDone overall items done
	 * @param bytesDone overall bytes done
	 * @param itemsTotal overall items to do
	 * @param bytesTotal overall bytes to do
	 * @return 1 if the row is still the runner's attempt and running, else 0
	 */
	@Modifying
	@Query("""
			update #{#entityName} r set r.heartbeatAt = :now, r.progress.itemsDone = :itemsDone,
			  r.progress.bytesDone = :bytesDone, r.progress.itemsTotal = :itemsTotal, r.progress.bytesTotal = :bytesTotal
			where r.id = :id and r.runner = :runner and r.attempts = :attempt and r.completedAt is null
			""")
	int heartbeat(@Param("id") String id, @Param("runner") String runner, @Param("attempt") int attempt,
			@Param("now") Instant now, @Param("itemsDone") long itemsDone, @Param("bytesDone") long bytesDone,
			@Param("itemsTotal") long itemsTotal, @Param("bytesTotal") long bytesTotal);

	/**
	 * Records one component's progress. The kind's component entity is named after the
	 * run's ({@code BackupComponent} for {@code Backup}) and keys its run as {@code run}.
	 * @param id the run's id
	 * @param name the component's name
	 * @param itemsDone its items done
	 * @param bytesDone its bytes done
	 * @return the rows updated
	 */
	@Modifying
	@Query("""
			update #{#entityName + 'Component'} c set c.progress.itemsDone = :itemsDone, c.progress.bytesDone = :bytesDone
			where c.run.id = :id and c.name = :name
			""")
	int componentProgress(@Param("id") String id, @Param("name") String name, @Param("itemsDone") long itemsDone,
			@Param("bytesDone") long bytesDone);

	/**
	 * Running runs whose heartbeat is older than a threshold.
	 * @param before heartbeats older than this are stale
	 * @return their ids
	 */
	@Query("select r.id from #{#entityName} r where r.completedAt is null and (r.heartbeatAt is null or r.heartbeatAt < :before)")
	List<String> findStale(@Param("before") Instant before);

}
