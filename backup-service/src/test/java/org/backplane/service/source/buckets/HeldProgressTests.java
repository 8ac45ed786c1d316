package org.backplane.service.source.buckets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress made before the totals are out is passed on only once they are, and none is
 * lost while it is released from another thread.
 */
class HeldProgressTests {

	@Test
	void holdsUntilReleasedThenPassesOn() {
		List<long[]> seen = new ArrayList<>();
		HeldProgress progress = new HeldProgress((items, bytes) -> seen.add(new long[] { items, bytes }));
		progress.advance(1, 10);
		progress.advance(2, 20);
		assertThat(seen).isEmpty();
		progress.release();
		assertThat(seen).containsExactly(new long[] { 3, 30 });
		progress.advance(1, 5);
		progress.release();
		assertThat(seen).containsExactly(new long[] { 3, 30 }, new long[] { 1, 5 });
	}

	@Test
	void nothingIsLostWhileReleasedUnderAdvancesFromOtherThreads() throws Exception {
		AtomicLong items = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		HeldProgress progress = new HeldProgress((i, b) -> {
			items.addAndGet(i);
			bytes.addAndGet(b);
		});
		ExecutorService threads = Executors.newFixedThreadPool(4);
		for (int t = 0; t < 4; t++) {
			threads.execute(() -> {
				for (int i = 0; i < 100_000; i++) {
					progress.advance(1, 3);
				}
			});
		}
		Thread.sleep(1);
		progress.release();
		threads.shutdown();
		assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(items).hasValue(400_000);
		assertThat(bytes).hasValue(1_200_000);
	}

}
