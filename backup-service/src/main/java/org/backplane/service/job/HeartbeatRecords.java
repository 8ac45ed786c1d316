package org.backplane.service.job;

import java.time.Instant;

/**
 * What a heartbeat records of a running job in the catalogue; the repository of each kind
 * of job implements it with its own update queries.
 */
public interface HeartbeatRecords {

	/**
	 * Records the job's heartbeat and overall progress, if its row is still this runner's
	 * and running.
	 * @param id the job's id
	 * @param runner the runner that claimed it
	 * @param now the time of the beat
	 * @param itemsDone overall items done
	 * @param bytesDone overall bytes done
	 * @param itemsTotal overall items to do
	 * @param bytesTotal overall bytes to do
	 * @return 1 if the row is still the runner's and running, else 0
	 */
	int heartbeat(String id, String runner, Instant now, long itemsDone, long bytesDone, long itemsTotal,
			long bytesTotal);

	/**
	 * Records one component's progress.
	 * @param id the job's id
	 * @param name the component's name
	 * @param itemsDone its items done
	 * @param bytesDone its bytes done
	 * @return the rows updated
	 */
	int componentProgress(String id, String name, long itemsDone, long bytesDone);

}
