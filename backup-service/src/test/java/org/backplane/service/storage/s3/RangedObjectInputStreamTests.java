package org.backplane.service.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.backplane.service.storage.TransferBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ordering, retry and failure logic of ranged downloads, over in-memory bytes (the S3
 * requests themselves are covered against S3Proxy in
 * {@link S3StorageProviderIntegrationTests}).
 */
class RangedObjectInputStreamTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final byte[] object = new byte[10_000];

	private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

	RangedObjectInputStreamTests() {
		new Random(42).nextBytes(this.object);
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void deliversTheBytesInOrderWhateverTheRangeBoundaries() throws IOException {
		try (InputStream in = ranged((offset, length) -> slice(offset, length), 3, 1)) {
			assertThat(in.readAllBytes()).isEqualTo(this.object);
			assertThat(in.read()).isEqualTo(-1);
		}
		// 10,000 bytes in ranges of 1,024: the first from the whole-object response, nine
		// requested
		assertThat(this.requests).hasSize(9).contains("1024+1024", "9216+784");
	}

	@Test
	void withNoRoomInTheBudgetRangesAreFetchedOneAtATimeIntoTheFirstBuffer() throws IOException {
		TransferBudget budget = TransferBudget.of(0);
		AtomicInteger open = new AtomicInteger();
		AtomicInteger maxOpen = new AtomicInteger();
		AtomicInteger maxTaken = new AtomicInteger();
		try (InputStream in = ranged((offset, length) -> {
			maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
			maxTaken.accumulateAndGet((int) budget.taken(), Math::max);
			byte[] bytes = slice(offset, length).readAllBytes();
			open.decrementAndGet();
			return new ByteArrayInputStream(bytes);
		}, 3, 1, budget)) {
			assertThat(in.readAllBytes()).isEqualTo(this.object);
		}
		assertThat(this.requests).hasSize(9);
		assertThat(maxOpen.get()).isEqualTo(1);
		assertThat(maxTaken.get()).as("the first buffer counts against the budget").isEqualTo(1024);
		assertThat(budget.taken()).as("handed back").isZero();
	}

	@Test
	void rangesAheadAreLimitedByTheBudgetAndItsBytesComeBackOnClose() throws Exception {
		// Room for the first buffer and one more; the stream is closed before its end
		TransferBudget budget = TransferBudget.of(2048);
		RangedObjectInputStream in = ranged((offset, length) -> slice(offset, length), 3, 1, budget);
		assertThat(in.readNBytes(3000)).isEqualTo(java.util.Arrays.copyOf(this.object, 3000));
		assertThat(budget.taken()).isEqualTo(2048);
		in.close();
		assertThat(budget.taken()).isZero();
	}

	@Test
	void aBodyBreakingOffIsRequestedAgainFromWhereItStopped() throws IOException {
		AtomicBoolean broken = new AtomicBoolean();
		try (InputStream in = ranged((offset, length) -> {
			InputStream slice = slice(offset, length);
			return (offset == 5 * 1024 && broken.compareAndSet(false, true)) ? breakingAfter(slice, 100) : slice;
		}, 2, 3)) {
			assertThat(in.readAllBytes()).isEqualTo(this.object);
		}
		assertThat(this.requests).contains("5120+1024", "5220+924");
	}

	@Test
	void aBodyThatKeepsBreakingFailsNamingWhatAndWhere() {
		InputStream in = ranged((offset, length) -> breakingAfter(slice(offset, length), 10), 2, 2);
		assertThatExceptionOfType(IOException.class).isThrownBy(in::readAllBytes)
			.withMessageContaining("s3://bucket/ key k")
			.withMessageContaining("failed at byte 1044 after 2 attempts");
		assertThatExceptionOfType(IOException.class).isThrownBy(in::read);
	}

	@Test
	void aRefusedRangeFailsTheReadWithTheSourcesMessage() {
		InputStream in = ranged((offset, length) -> {
			if (offset >= 3 * 1024) {
				throw new IOException("S3 reading bytes=" + offset + "-" + (offset + length - 1) + " failed");
			}
			return slice(offset, length);
		}, 2, 5);
		byte[] start = new byte[3 * 1024];
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			int read = in.readNBytes(start, 0, start.length);
			assertThat(read).isEqualTo(start.length);
			in.read();
		}).withMessageContaining("S3 reading bytes=3072-4095 failed");
	}

	@Test
	void closingAbortsTheRangesInFlight() throws Exception {
		// Ranges after the first hang like a stalled connection until they are closed
		// (aborted)
		RangedObjectInputStream in = ranged((offset, length) -> new InputStream() {

			private final CountDownLatch aborted = new CountDownLatch(1);

			@Override
			public int read() throws IOException {
				try {
					this.aborted.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new IOException("aborted");
			}

			@Override
			public void close() {
				this.aborted.countDown();
			}

		}, 3, 5);
		assertThat(in.read()).isEqualTo(this.object[0] & 0xff);
		Instant deadline = Instant.now().plusSeconds(5);
		while (in.fetchesRunning() < 3 && Instant.now().isBefore(deadline)) {
			Thread.sleep(10);
		}
		assertThat(in.fetchesRunning()).as("ranges hanging").isEqualTo(3);
		in.close();
		while (in.fetchesRunning() > 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(10);
		}
		assertThat(in.fetchesRunning()).as("ranges still hanging after close").isZero();
		// Aborted, not re-requested
		assertThat(this.requests).hasSize(3);
		assertThatExceptionOfType(IOException.class).isThrownBy(in::read);
	}

	private RangedObjectInputStream ranged(RangedObjectInputStream.RangeSource source, int inFlight, int attempts) {
		return ranged(source, inFlight, attempts, TransferBudget.unlimited());
	}

	private RangedObjectInputStream ranged(RangedObjectInputStream.RangeSource source, int inFlight, int attempts,
			TransferBudget budget) {
		return new RangedObjectInputStream(this.executor, new ByteArrayInputStream(this.object), (offset, length) -> {
			this.requests.add(offset + "+" + length);
			return source.open(offset, length);
		}, "s3://bucket/ key k", this.object.length, 1024, inFlight, attempts, budget);
	}

	private InputStream slice(long offset, int length) {
		return new ByteArrayInputStream(this.object, (int) offset, length);
	}

	private static InputStream breakingAfter(InputStream in, int bytes) {
		return new FilterInputStream(in) {

			private int read;

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				if (this.read >= bytes) {
					throw new IOException("Connection reset");
				}
				int n = super.read(b, off, Math.min(len, bytes - this.read));
				this.read += Math.max(n, 0);
				return n;
			}

		};
	}

}
