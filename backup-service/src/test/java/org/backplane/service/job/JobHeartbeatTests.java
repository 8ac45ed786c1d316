package org.backplane.service.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.backplane.service.testsupport.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A running job's heartbeat records its progress at the clock's time, and cancels the job
 * once its row is no longer the job's. The clock is set by the test.
 */
class JobHeartbeatTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final SettableClock clock = new SettableClock(T0);

	private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();

	private final TransactionTemplate tx = new TransactionTemplate(new NoTransactions());

	@AfterEach
	void stopBeating() {
		this.beats.shutdownNow();
	}

	@Test
	void recordsEachBeatAtTheClocksTimeWithTheProgressSoFar() {
		List<Beat> written = new CopyOnWriteArrayList<>();
		JobProgress progress = new JobProgress(() -> false);
		try (JobHeartbeat heartbeat = new JobHeartbeat("backupId=x", progress, Duration.ofMillis(20), this.tx,
				this.clock, this.beats,
				(now, itemsDone, bytesDone, itemsTotal, bytesTotal, component, componentItems, componentBytes) -> {
					written.add(new Beat(now, itemsDone, bytesDone, itemsTotal, component));
					return 1;
				})) {
			heartbeat.addTotals(10, 1000);
			heartbeat.startComponent("alpha");
			progress.advance(3, 300);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(written).contains(new Beat(T0, 3, 300, 10, "alpha")));
			heartbeat.endComponent(4, 400);
			this.clock.advance(Duration.ofMinutes(5));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(
						() -> assertThat(written).contains(new Beat(T0.plus(Duration.ofMinutes(5)), 4, 400, 10, null)));
		}
		assertThat(written).allSatisfy((beat) -> assertThat(beat.at()).isIn(T0, T0.plus(Duration.ofMinutes(5))));
	}

	@Test
	void cancelsTheJobOnceItsRowIsNoLongerItsOwn() {
		AtomicInteger beatsWritten = new AtomicInteger();
		JobProgress progress = new JobProgress(() -> false);
		try (JobHeartbeat heartbeat = new JobHeartbeat("restoreId=x", progress, Duration.ofMillis(20), this.tx,
				this.clock, this.beats, (now, itemsDone, bytesDone, itemsTotal, bytesTotal, component, componentItems,
						componentBytes) -> (beatsWritten.incrementAndGet() < 3) ? 1 : 0)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> beatsWritten.get() >= 3);
			assertThatExceptionOfType(JobProgress.JobCancelledException.class).isThrownBy(progress::checkCancelled)
				.withMessageContaining("interrupted");
		}
	}

	private record Beat(Instant at, long itemsDone, long bytesDone, long itemsTotal, String component) {
	}

	/**
	 * Transactions that do nothing: the writer under test touches no database.
	 */
	private static final class NoTransactions extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
