package org.backplane.service.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The schedules.
 */
interface ScheduleRepository extends JpaRepository<Schedule, String> {

	/**
	 * Reads a schedule and locks its row until the transaction ends: ticks, run-now and
	 * changes of one schedule happen one at a time, whichever replica does them.
	 * @param name its name
	 * @return the schedule
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Schedule s where s.name = :name")
	Optional<Schedule> findForUpdate(@Param("name") String name);

	/**
	 * @param now the time
	 * @return the names of the schedules not paused whose next tick is due
	 */
	@Query("select s.name from Schedule s where s.paused = false and s.nextRunAt <= :now order by s.nextRunAt")
	List<String> findDue(@Param("now") Instant now);

	/**
	 * @return every schedule, by name
	 */
	List<Schedule> findAllByOrderByNameAsc();

}
