package org.backplane.service.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The first part of a put: small streams without a part buffer, larger ones in a pooled
 * one handed back on close.
 */
class FirstPartTests {

	private static final int PART = 1024 * 1024;

	private final TransferBudget budget = TransferBudget.of(64L * PART);

	@Test
	void aSmallStreamIsReadWholeWithoutAPartBuffer() throws IOException {
		byte[] content = random(10 * 1024);
		try (FirstPart first = FirstPart.read(new ByteArrayInputStream(content), PART, this.budget)) {
			assertThat(first.length()).isEqualTo(content.length);
			assertThat(Arrays.copyOf(first.bytes(), first.length())).isEqualTo(content);
			// it said its length: an array of that and one byte more, not of the probe
			assertThat(first.bytes()).hasSize(content.length + 1);
			assertThat(this.budget.taken()).isZero();
		}
		assertThat(this.budget.idle()).isZero();
	}

	@Test
	void aStreamLongerThanItSaysIsReadOnInTheProbe() throws IOException {
		byte[] content = random(20 * 1024);
		// available() says 100 bytes, as a buffered stream may
		InputStream understating = new java.io.FilterInputStream(new ByteArrayInputStream(content)) {
			@Override
			public int available() {
				return 100;
			}
		};
		try (FirstPart first = FirstPart.read(understating, PART, this.budget)) {
			assertThat(first.length()).isEqualTo(content.length);
			assertThat(Arrays.copyOf(first.bytes(), first.length())).isEqualTo(content);
			assertThat(first.bytes()).hasSize(FirstPart.PROBE);
			assertThat(this.budget.taken()).isZero();
		}
		InputStream longer = new java.io.FilterInputStream(new ByteArrayInputStream(random(PART + 9))) {
			@Override
			public int available() {
				return 100;
			}
		};
		try (FirstPart first = FirstPart.read(longer, PART, this.budget)) {
			assertThat(first.length()).isEqualTo(PART);
			assertThat(this.budget.taken()).isEqualTo(PART);
		}
	}

	@Test
	void aStreamOfExactlyTheProbeIsWholeInAPartBuffer() throws IOException {
		byte[] content = random(FirstPart.PROBE);
		try (FirstPart first = FirstPart.read(new ByteArrayInputStream(content), PART, this.budget)) {
			assertThat(first.length()).isEqualTo(content.length).isLessThan(PART);
			assertThat(Arrays.copyOf(first.bytes(), first.length())).isEqualTo(content);
		}
	}

	@Test
	void aLargerStreamFillsAPooledPartBufferThatCloseHandsBack() throws IOException {
		byte[] content = random(PART + 5);
		InputStream data = new ByteArrayInputStream(content);
		byte[] buffer;
		try (FirstPart first = FirstPart.read(data, PART, this.budget)) {
			buffer = first.bytes();
			assertThat(buffer).hasSize(PART);
			assertThat(first.length()).isEqualTo(PART);
			assertThat(buffer).isEqualTo(Arrays.copyOf(content, PART));
			assertThat(this.budget.taken()).isEqualTo(PART);
			// the rest is left in the stream for the next parts
			assertThat(data.readAllBytes()).hasSize(5);
		}
		assertThat(this.budget.taken()).isZero();
		assertThat(this.budget.idle()).isEqualTo(PART);
		assertThat(this.budget.takeBuffer(PART)).isSameAs(buffer);
	}

	@Test
	void aReadFailureAfterTheProbeHandsTheBufferBack() {
		InputStream failing = new SequenceInputStream(new ByteArrayInputStream(random(FirstPart.PROBE + 10)),
				new InputStream() {

					@Override
					public int read() throws IOException {
						throw new IOException("connection reset");
					}

				});
		assertThatIOException().isThrownBy(() -> FirstPart.read(failing, PART, this.budget))
			.withMessage("connection reset");
		assertThat(this.budget.taken()).isZero();
		assertThat(this.budget.idle()).isEqualTo(PART);
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

}
