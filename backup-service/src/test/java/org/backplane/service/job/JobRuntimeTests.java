package org.backplane.service.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reaper asks every kind of job to end the runs whose heartbeat is older than
 * {@code backplane.runner.stale-after} by the service's clock, which the test sets; a
 * kind that fails does not stop the others from being reaped.
 */
class JobRuntimeTests {

	private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

	private final SettableClock clock = new SettableClock(T0);

	@Test
	void staleMeansOlderThanStaleAfterByTheClock() {
		RecordingTask failing = new RecordingTask("failing", true);
		RecordingTask recording = new RecordingTask("recording", false);
		BackplaneProperties.Runner runner = new BackplaneProperties.Runner(2, Duration.ofSeconds(1),
				Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5), 1,
				Duration.ofMinutes(10), true);
		// no database is reached: the runtime is built and asked to reap, never started
		JobConfiguration.JobRuntime runtime = new JobConfiguration.JobRuntime(
				new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"), List.of(failing, recording), runner,
				this.clock);
		runtime.reapStale();
		this.clock.advance(Duration.ofMinutes(10));
		runtime.reapStale();
		assertThat(recording.staleBefore).containsExactly(T0.minusSeconds(30),
				T0.plus(Duration.ofMinutes(10)).minusSeconds(30));
		assertThat(failing.staleBefore).hasSize(2);
	}

	private static final class RecordingTask implements JobTask {

		private final Task<?> task;

		private final boolean fails;

		private final List<Instant> staleBefore = new CopyOnWriteArrayList<>();

		RecordingTask(String name, boolean fails) {
			this.task = Tasks.oneTime(name).execute((instance, context) -> {
			});
			this.fails = fails;
		}

		@Override
		public Task<?> task() {
			return this.task;
		}

		@Override
		public void reapStale(Instant staleBefore) {
			this.staleBefore.add(staleBefore);
			if (this.fails) {
				throw new IllegalStateException("database gone");
			}
		}

	}

}
