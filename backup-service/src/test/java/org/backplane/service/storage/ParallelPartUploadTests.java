package org.backplane.service.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bounded, parallel part upload used by the S3 and Azure adapters.
 */
class ParallelPartUploadTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void partsComeBackInOrderAndMemoryIsBoundedByTheBufferPool() throws IOException {
		int partSize = 1000;
		byte[] data = new byte[100 * partSize + 17];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) i;
		}
		Set<byte[]> buffers = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		byte[] copy = new byte[data.length];
		ParallelPartUpload<Integer> upload = new ParallelPartUpload<>(this.executor, partSize, 3, 10_000,
				(number, buffer, length) -> {
					maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
					buffers.add(buffer);
					Thread.sleep(1);
					System.arraycopy(buffer, 0, copy, (number - 1) * partSize, length);
					inFlight.decrementAndGet();
					return number;
				});
		InputStream in = new ByteArrayInputStream(data);
		List<Integer> parts = upload.run(in.readNBytes(partSize), in);
		assertThat(parts).hasSize(101).isSorted().startsWith(1).endsWith(101);
		assertThat(upload.size()).isEqualTo(data.length);
		assertThat(copy).isEqualTo(data);
		assertThat(buffers).hasSizeLessThanOrEqualTo(4);
		assertThat(maxInFlight.get()).isLessThanOrEqualTo(3);
	}

	@Test
	void withNoRoomInTheBudgetPartsGoOneAtATimeThroughTheFirstBuffer() throws IOException {
		int partSize = 1000;
		byte[] data = new byte[20 * partSize + 5];
		new java.util.Random(7).nextBytes(data);
		TransferBudget budget = TransferBudget.of(0);
		Set<byte[]> buffers = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		AtomicInteger maxTaken = new AtomicInteger();
		byte[] copy = new byte[data.length];
		ParallelPartUpload<Integer> upload = new ParallelPartUpload<>(this.executor, partSize, 3, 10_000, budget,
				(number, buffer, length) -> {
					maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
					maxTaken.accumulateAndGet((int) budget.taken(), Math::max);
					buffers.add(buffer);
					Thread.sleep(1);
					System.arraycopy(buffer, 0, copy, (number - 1) * partSize, length);
					inFlight.decrementAndGet();
					return number;
				});
		InputStream in = new ByteArrayInputStream(data);
		assertThat(upload.run(in.readNBytes(partSize), in)).hasSize(21).isSorted();
		assertThat(copy).isEqualTo(data);
		assertThat(buffers).hasSize(1);
		assertThat(maxInFlight.get()).isEqualTo(1);
		assertThat(maxTaken.get()).as("the first buffer counts against the budget").isEqualTo(partSize);
		assertThat(budget.taken()).as("handed back").isZero();
	}

	@Test
	void buffersBeyondTheFirstAreTakenFromTheBudgetAndHandedBackOnFailure() {
		// Room for the first buffer and one more: two parts at most are written at once
		TransferBudget budget = TransferBudget.of(200);
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		ParallelPartUpload<Integer> upload = new ParallelPartUpload<>(this.executor, 100, 3, 10_000, budget,
				(number, buffer, length) -> {
					maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
					try {
						Thread.sleep(5);
						if (number == 8) {
							throw new IllegalStateException("part 8 refused");
						}
						return number;
					}
					finally {
						inFlight.decrementAndGet();
					}
				});
		InputStream in = new ByteArrayInputStream(new byte[2000]);
		assertThatExceptionOfType(ParallelPartUpload.PartFailedException.class)
			.isThrownBy(() -> upload.run(in.readNBytes(100), in));
		assertThat(maxInFlight.get()).isEqualTo(2);
		assertThat(budget.taken()).isZero();
	}

	@Test
	void streamEndingOnAPartBoundaryHasNoEmptyPart() throws IOException {
		byte[] data = new byte[3000];
		InputStream in = new ByteArrayInputStream(data);
		List<Integer> lengths = new ParallelPartUpload<Integer>(this.executor, 1000, 2, 10_000,
				(number, buffer, length) -> length)
			.run(in.readNBytes(1000), in);
		assertThat(lengths).containsExactly(1000, 1000, 1000);
	}

	@Test
	void failedPartStopsReadingAndEndsOnlyOnceNothingIsInFlight() {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger read = new AtomicInteger();
		InputStream endless = new InputStream() {

			@Override
			public int read() {
				read.incrementAndGet();
				return 1;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				Arrays.fill(b, off, off + len, (byte) 1);
				read.addAndGet(len);
				return len;
			}

		};
		ParallelPartUpload<Integer> upload = new ParallelPartUpload<>(this.executor, 100, 2, 10_000,
				(number, buffer, length) -> {
					running.incrementAndGet();
					try {
						Thread.sleep(20);
						if (number == 3) {
							throw new IllegalStateException("part 3 refused");
						}
						return number;
					}
					finally {
						running.decrementAndGet();
					}
				});
		assertThatExceptionOfType(ParallelPartUpload.PartFailedException.class)
			.isThrownBy(() -> upload.run(new byte[100], endless))
			.havingCause()
			.withMessage("part 3 refused");
		assertThat(running.get()).isZero();
		assertThat(read.get()).isLessThan(100 * 100);
	}

	@Test
	void tooManyPartsIsRefused() {
		InputStream in = new ByteArrayInputStream(new byte[1000]);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> new ParallelPartUpload<Integer>(this.executor, 100, 2, 5, (n, b, l) -> n)
				.run(new byte[100], in))
			.withMessageContaining("larger than 5 parts");
	}

}
