package org.backplane.service.source.directory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveGzipOutputStreamTests {

	private static final int WINDOW = AdaptiveGzipOutputStream.WINDOW;

	@Test
	void storesWindowsAfterIncompressibleDataThenCompressesAgain() throws IOException {
		int stored = AdaptiveGzipOutputStream.STORED_WINDOWS;
		byte[] random = new byte[3 * WINDOW];
		new Random(42).nextBytes(random);
		// After the random part: zeros, for longer than a stored run
		byte[] zeros = new byte[(stored + 8) * WINDOW];
		ByteArrayOutputStream artifact = new ByteArrayOutputStream();
		long storedBytes;
		try (AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(artifact, 6, 64 * 1024)) {
			for (byte[] part : new byte[][] { random, zeros }) {
				// In the pieces a tar writer hands over: a window ends with the piece that completes it
				for (int off = 0; off < part.length; off += 10240) {
					gzip.write(part, off, Math.min(10240, part.length - off));
				}
			}
			gzip.finish();
			storedBytes = gzip.storedBytes();
		}
		// The first random window was compressed and did not shrink: the next windows were stored, the rest of
		// the random data and the first zeros; then the zeros were compressed again
		assertThat(storedBytes).isBetween((long) stored * WINDOW, (long) stored * (WINDOW + 10240));
		assertThat(artifact.size()).isGreaterThan(random.length + (stored - 3) * WINDOW);
		assertThat(artifact.size()).isLessThan(random.length + stored * WINDOW);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		expected.write(random);
		expected.write(zeros);
		assertThat(new GZIPInputStream(new ByteArrayInputStream(artifact.toByteArray())).readAllBytes())
			.isEqualTo(expected.toByteArray());
	}

	@Test
	void compressibleDataIsNeverStored() throws IOException {
		byte[] text = "the same line, over and over\n".repeat(400_000).getBytes();
		ByteArrayOutputStream artifact = new ByteArrayOutputStream();
		long storedBytes;
		try (AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(artifact, 6, 64 * 1024)) {
			gzip.write(text);
			gzip.finish();
			storedBytes = gzip.storedBytes();
		}
		assertThat(storedBytes).isZero();
		assertThat(artifact.size()).isLessThan(text.length / 100);
		assertThat(new GZIPInputStream(new ByteArrayInputStream(artifact.toByteArray())).readAllBytes()).isEqualTo(text);
	}

}
