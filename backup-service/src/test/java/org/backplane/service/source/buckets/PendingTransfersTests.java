package org.backplane.service.source.buckets;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The window of object transfers in flight: a long transfer does not hold up the short
 * ones behind it, and a failure ends the work with its own exception.
 */
class PendingTransfersTests {

	private final ExecutorService workers = Executors.newFixedThreadPool(2);

	@AfterEach
	void stop() {
		this.workers.shutdownNow();
	}

	@Test
	void aLongTransferDoesNotHoldUpTheOthers() throws Exception {
		PendingTransfers pending = new PendingTransfers(this.workers, 3, "testing");
		CountDownLatch large = new CountDownLatch(1);
		AtomicInteger small = new AtomicInteger();
		pending.submit(() -> {
			large.await();
			return null;
		});
		// Fifty short transfers through a window of three, while the first one still
		// runs: waiting for the oldest first would block at the fourth
		Thread submitter = new Thread(() -> {
			try {
				for (int i = 0; i < 50; i++) {
					pending.submit(() -> {
						small.incrementAndGet();
						return null;
					});
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		submitter.start();
		submitter.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(submitter.isAlive()).as("submitting behind a long transfer blocked").isFalse();
		large.countDown();
		pending.awaitAll();
		assertThat(small).hasValue(50);
	}

	@Test
	void aFailureIsThrownAndTheOthersAreCancelled() throws Exception {
		PendingTransfers pending = new PendingTransfers(this.workers, 4, "testing");
		CountDownLatch never = new CountDownLatch(1);
		AtomicInteger interrupted = new AtomicInteger();
		pending.submit(() -> {
			try {
				never.await();
			}
			catch (InterruptedException ex) {
				interrupted.incrementAndGet();
			}
			return null;
		});
		pending.submit(() -> {
			throw new IOException("object gone");
		});
		assertThatIOException().isThrownBy(pending::awaitAll).withMessage("object gone");
		this.workers.shutdown();
		assertThat(this.workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(interrupted).hasValue(1);
	}

	@Test
	void trySubmitFillsTheWindowWithoutWaitingAndTellsWhenATransferIsDone() throws Exception {
		Semaphore ended = new Semaphore(0);
		PendingTransfers pending = new PendingTransfers(this.workers, 2, "testing", ended::release);
		CountDownLatch go = new CountDownLatch(1);
		assertThat(pending.trySubmit(() -> {
			go.await();
			return null;
		})).isTrue();
		assertThat(pending.trySubmit(() -> {
			go.await();
			return null;
		})).isTrue();
		// the window is full: refused at once, not waited for
		assertThat(pending.trySubmit(() -> null)).isFalse();
		go.countDown();
		// told once each transfer is done, so the room is there when asked
		assertThat(ended.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
		assertThat(pending.trySubmit(() -> null)).isTrue();
		assertThat(pending.trySubmit(() -> {
			throw new IOException("object gone");
		})).isTrue();
		assertThat(ended.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
		// an earlier failure comes out of the next submission
		assertThatIOException().isThrownBy(() -> pending.trySubmit(() -> null)).withMessage("object gone");
	}

}
