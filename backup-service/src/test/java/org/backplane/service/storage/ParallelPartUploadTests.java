package org.backplane.service.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
		CopyingWriter writer = new CopyingWriter(data.length, partSize, TransferBudget.unlimited());
		ParallelPartUpload<Integer> upload = new ParallelPartUpload<>(this.executor, partSize, 3, 10_000, writer);
		InputStream in = new ByteArrayInputStream(data);
		List<Integer> parts = upload.run(in.readNBytes(partSize), in);
		assertThat(parts).hasSize(101).isSorted().startsWith(1).endsWith(101);
		assertThat(upload.size()).isEqualTo(data.length);
		assertThat(writer.copy).isEqualTo(data);
		assertThat(writer.buffers).hasSizeLessThanOrEqualTo(4);
		assertThat(writer.mostInFlight.get()).isLessThanOrEqualTo(3);
	}

	@Test
	void withNoRoomInTheBudgetPartsGoOneAtATimeThroughTheFirstBuffer() throws IOException {
		int partSize = 1000;
		byte[] data = new byte[20 * partSize + 5];
		new Random(7).nextBytes(data);
		TransferBudget budget = TransferBudget.of(0);
		CopyingWriter writer = new CopyingWriter(data.length, partSize, budget);
		ParallelPartUpload<Integer> upload = new ParallelPartUpload<>(this.executor, partSize, 3, 10_000, budget,
				writer);
		InputStream in = new ByteArrayInputStream(data);
		assertThat(upload.run(in.readNBytes(partSize), in)).hasSize(21).isSorted();
		assertThat(writer.copy).isEqualTo(data);
		assertThat(writer.buffers).hasSize(1);
		assertThat(writer.mostInFlight.get()).isEqualTo(1);
		assertThat(writer.mostTaken.get()).as("the first buffer counts against the budget").isEqualTo(partSize);
		assertThat(budget.taken()).as("handed back").isZero();
	}

	@Test
	void buffersBeyondTheFirstAreTakenFromTheBudgetAndHandedBackOnFailure() {
		// Room for the first buffer and one more: two parts at most are written at once
		TransferBudget budget = TransferBudget.of(200);
		RefusingWriter writer = new RefusingWriter(8, 5);
		ParallelPartUpload<Integer> upload = new ParallelPartUpload<>(this.executor, 100, 3, 10_000, budget, writer);
		InputStream in = new ByteArrayInputStream(new byte[2000]);
		assertThatExceptionOfType(ParallelPartUpload.PartFailedException.class)
			.isThrownBy(() -> upload.run(in.readNBytes(100), in));
		assertThat(writer.mostRunning.get()).isEqualTo(2);
		assertThat(budget.taken()).isZero();
	}

	@Test
	void uploadsShareThePoolsBuffersAndAFailedUploadHandsThemBack() throws IOException {
		int partSize = 100;
		// room to keep four parts (a quarter of the budget) for the next upload
		TransferBudget budget = TransferBudget.of(16 * partSize);
		RefusingWriter refusing = new RefusingWriter(4, 5);
		InputStream failing = new ByteArrayInputStream(new byte[20 * partSize]);
		byte[] first = budget.takeBuffer(partSize);
		ParallelPartUpload<Integer> failed = new ParallelPartUpload<>(this.executor, partSize, 3, 10_000, budget,
				refusing);
		assertThatExceptionOfType(ParallelPartUpload.PartFailedException.class)
			.isThrownBy(() -> failed.run(first, failing.readNBytes(first, 0, partSize), failing));
		assertThat(refusing.mostRunning.get()).as("it held buffers beyond the first").isGreaterThan(1);
		budget.giveBuffer(first);
		assertThat(budget.taken()).as("every buffer handed back").isZero();
		assertThat(budget.idle()).as("and kept for the next upload").isEqualTo(4L * partSize);
		Set<byte[]> kept = Collections.newSetFromMap(new IdentityHashMap<>());
		while (budget.idle() > 0) {
			kept.add(budget.tryTakeBuffer(partSize));
		}
		kept.forEach(budget::giveBuffer);

		byte[] data = new byte[30 * partSize + 7];
		new Random(3).nextBytes(data);
		CopyingWriter writer = new CopyingWriter(data.length, partSize, budget);
		InputStream in = new ByteArrayInputStream(data);
		byte[] next = budget.takeBuffer(partSize);
		List<Integer> parts = new ParallelPartUpload<>(this.executor, partSize, 3, 10_000, budget, writer).run(next,
				in.readNBytes(next, 0, partSize), in);
		budget.giveBuffer(next);
		assertThat(parts).hasSize(31);
		assertThat(writer.copy).isEqualTo(data);
		assertThat(kept).as("the next upload reused them, no new buffer").containsAll(writer.buffers);
		assertThat(budget.taken()).isZero();
		assertThat(budget.idle()).isEqualTo(4L * partSize);
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
		RefusingWriter writer = new RefusingWriter(3, 20);
		ParallelPartUpload<Integer> upload = new ParallelPartUpload<>(this.executor, 100, 2, 10_000, writer);
		assertThatExceptionOfType(ParallelPartUpload.PartFailedException.class)
			.isThrownBy(() -> upload.run(new byte[100], endless))
			.havingCause()
			.withMessage("part 3 refused");
		assertThat(writer.running.get()).isZero();
		assertThat(read.get()).isLessThan(100 * 100);
	}

	@Test
	void tooManyPartsIsRefused() {
		InputStream in = new ByteArrayInputStream(new byte[1000]);
		assertThatExceptionOfType(IOException.class).isThrownBy(
				() -> new ParallelPartUpload<Integer>(this.executor, 100, 2, 5, (n, b, l) -> n).run(new byte[100], in))
			.withMessageContaining("larger than 5 parts");
	}

	/**
	 * Copies each part into place, noting the buffers it was given and how many parts
	 * were written at once.
	 */
	private static final class CopyingWriter implements ParallelPartUpload.PartWriter<Integer> {

		final byte[] copy;

		final Set<byte[]> buffers = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

		final AtomicInteger mostInFlight = new AtomicInteger();

		final AtomicLong mostTaken = new AtomicLong();

		private final AtomicInteger inFlight = new AtomicInteger();

		private final int partSize;

		private final TransferBudget budget;

		CopyingWriter(int length, int partSize, TransferBudget budget) {
			this.copy = new byte[length];
			this.partSize = partSize;
			this.budget = budget;
		}

		@Override
		public Integer write(int number, byte[] buffer, int length) throws InterruptedException {
			this.mostInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
			this.mostTaken.accumulateAndGet(this.budget.taken(), Math::max);
			this.buffers.add(buffer);
			Thread.sleep(1);
			System.arraycopy(buffer, 0, this.copy, (number - 1) * this.partSize, length);
			this.inFlight.decrementAndGet();
			return number;
		}

	}

	/**
	 * Takes a while per part and refuses one of them, noting how many parts were being
	 * written at once.
	 */
	private static final class RefusingWriter implements ParallelPartUpload.PartWriter<Integer> {

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger mostRunning = new AtomicInteger();

		private final int refused;

		private final long millis;

		RefusingWriter(int refused, long millis) {
			this.refused = refused;
			this.millis = millis;
		}

		@Override
		public Integer write(int number, byte[] buffer, int length) throws InterruptedException {
			this.mostRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				Thread.sleep(this.millis);
				if (number == this.refused) {
					throw new IllegalStateException("part " + number + " refused");
				}
				return number;
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

}
