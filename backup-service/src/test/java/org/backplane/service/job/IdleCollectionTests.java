package org.backplane.service.job;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap is collected once the last run on the node has ended and nothing started
 * since, not while another runs, and never when turned off.
 */
class IdleCollectionTests {

	private static final Duration GRACE = Duration.ofMillis(50);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final Semaphore collections = new Semaphore(0);

	@AfterEach
	void stop() {
		this.scheduler.shutdownNow();
	}

	@Test
	void collectsOnceTheLastRunHasEnded() throws Exception {
		IdleCollection idle = new IdleCollection(true, this.scheduler, GRACE, this.collections::release);
		idle.runStarted();
		idle.runStarted();
		idle.runEnded();
		assertThat(this.collections.tryAcquire(4 * GRACE.toMillis(), TimeUnit.MILLISECONDS))
			.as("another run still runs")
			.isFalse();
		idle.runEnded();
		assertThat(this.collections.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.collections.tryAcquire(4 * GRACE.toMillis(), TimeUnit.MILLISECONDS)).as("once").isFalse();
	}

	@Test
	void aRunStartedWithinTheGraceCancelsTheCollection() throws Exception {
		IdleCollection idle = new IdleCollection(true, this.scheduler, Duration.ofMillis(300),
				this.collections::release);
		idle.runStarted();
		idle.runEnded();
		idle.runStarted();
		idle.runEnded();
		idle.runStarted();
		assertThat(this.collections.tryAcquire(1, TimeUnit.SECONDS)).as("a run is running").isFalse();
		idle.runEnded();
		assertThat(this.collections.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.collections.tryAcquire(1, TimeUnit.SECONDS)).as("only the last end's collection").isFalse();
	}

	@Test
	void neverCollectsWhenTurnedOff() throws Exception {
		IdleCollection idle = new IdleCollection(false, this.scheduler, GRACE, this.collections::release);
		idle.runStarted();
		idle.runEnded();
		assertThat(this.collections.tryAcquire(4 * GRACE.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
	}

}
