package org.backplane.service.source.directory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveGzipOutputStreamTests {

	private static final int WINDOW = AdaptiveGzipOutputStream.WINDOW;

	private static final int STORED = AdaptiveGzipOutputStream.STORED_WINDOWS;

	@Test
	void storesContentAfterIncompressibleSampleThenCompressesAgain() throws IOException {
		byte[] random = new byte[3 * WINDOW];
		new Random(42).nextBytes(random);
		// After the random content: zeros, for longer than a stored run
		byte[] zeros = new byte[(STORED + 8) * WINDOW];
		ByteArrayOutputStream artifact = new ByteArrayOutputStream();
		long storedBytes;
		try (AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(artifact, 6, 64 * 1024)) {
			gzip.beginContent();
			for (byte[] part : new byte[][] { random, zeros }) {
				// In the pieces a tar writer hands over
				for (int off = 0; off < part.length; off += 512) {
					gzip.write(part, off, Math.min(512, part.length - off));
				}
			}
			gzip.endContent();
			gzip.finish();
			storedBytes = gzip.storedBytes();
		}
		// The first window was compressed and its sample did not shrink: the next windows
		// were stored, the rest of the random data and the first zeros; then the zeros
		// were compressed again
		assertThat(storedBytes).isEqualTo((long) STORED * WINDOW);
		assertThat(artifact.size()).isGreaterThan(random.length + (STORED - 3) * WINDOW);
		assertThat(artifact.size()).isLessThan(random.length + (STORED - 1) * WINDOW);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		expected.write(random);
		expected.write(zeros);
		assertThat(gunzip(artifact)).isEqualTo(expected.toByteArray());
	}

	@Test
	void manySmallIncompressibleFilesAreStoredWhileTheirHeadersAreCompressed() throws IOException {
		// 2,000 "files" of 10 KiB random bytes, each after 1.5 KiB of a header that
		// compresses well: the headers would make every window look compressible, the
		// contents alone are not
		Random random = new Random(7);
		byte[] header = "header of a small file, mode 0644, uid 1000, mtime 1763769600.123456789\n".repeat(22)
			.substring(0, 1536)
			.getBytes(StandardCharsets.US_ASCII);
		byte[] file = new byte[10240];
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		ByteArrayOutputStream artifact = new ByteArrayOutputStream();
		long storedBytes;
		int files = 2000;
		try (AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(artifact, 6, 64 * 1024)) {
			for (int i = 0; i < files; i++) {
				random.nextBytes(file);
				gzip.write(header);
				gzip.beginContent();
				gzip.write(file);
				gzip.endContent();
				expected.write(header);
				expected.write(file);
			}
			gzip.finish();
			storedBytes = gzip.storedBytes();
		}
		// One window of content in STORED + 1 was compressed (and judged); the others
		// went stored
		long content = (long) files * file.length;
		assertThat(storedBytes).isGreaterThan(content * STORED / (STORED + 1) - WINDOW);
		// The headers were still compressed: the artifact is far smaller than what went
		// in
		assertThat((long) artifact.size()).isLessThan(content + (long) files * header.length / 2);
		assertThat(gunzip(artifact)).isEqualTo(expected.toByteArray());
	}

	@Test
	void compressibleContentIsNeverStored() throws IOException {
		byte[] text = "the same line, over and over\n".repeat(400_000).getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream artifact = new ByteArrayOutputStream();
		long storedBytes;
		try (AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(artifact, 6, 64 * 1024)) {
			gzip.beginContent();
			gzip.write(text);
			gzip.endContent();
			gzip.finish();
			storedBytes = gzip.storedBytes();
		}
		assertThat(storedBytes).isZero();
		assertThat(artifact.size()).isLessThan(text.length / 100);
		assertThat(gunzip(artifact)).isEqualTo(text);
	}

	@Test
	void bytesOutsideContentAreAlwaysCompressed() throws IOException {
		byte[] random = new byte[4 * WINDOW];
		new Random(1).nextBytes(random);
		ByteArrayOutputStream artifact = new ByteArrayOutputStream();
		try (AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(artifact, 6, 64 * 1024)) {
			gzip.write(random);
			gzip.finish();
			assertThat(gzip.storedBytes()).isZero();
		}
		assertThat(gunzip(artifact)).isEqualTo(random);
	}

	private static byte[] gunzip(ByteArrayOutputStream artifact) throws IOException {
		return new GZIPInputStream(new ByteArrayInputStream(artifact.toByteArray())).readAllBytes();
	}

}
