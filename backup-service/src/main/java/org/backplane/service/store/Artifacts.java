package org.backplane.service.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.apache.commons.io.output.CloseShieldOutputStream;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.support.StreamPipe;

/**
 * Streams artifacts between sources and storage: a source writes on one thread, the
 * provider uploads on another, through a bounded {@link StreamPipe}, and the SHA-256 and
 * size are computed on the way. Nothing is staged whole in memory or on disk.
 */
final class Artifacts {

	private Artifacts() {
	}

	/**
	 * Writes what {@code producer} produces under {@code key}.
	 * @param storage where to store
	 * @param key the key
	 * @param producer writes the artifact; must not close the stream
	 * @param producers the threads producers run on
	 * @return the stored artifact's size and SHA-256
	 * @throws IOException the producer's failure if it failed (the artifact is then not
	 * stored), else the provider's
	 */
	static BackupStore.Written write(StorageProvider storage, String key, BackupStore.Producer producer,
			ExecutorService producers) throws IOException {
		StreamPipe pipe = new StreamPipe();
		MessageDigest digest = sha256();
		Future<?> writer = producers.submit(() -> {
			try {
				DigestOutputStream out = new DigestOutputStream(CloseShieldOutputStream.wrap(pipe.sink()), digest);
				producer.write(out);
				out.flush();
				pipe.sink().close();
			}
			catch (Throwable ex) {
				pipe.sink().fail(ex);
				throw ex;
			}
			return null;
		});
		long size;
		try (InputStream in = pipe.source()) {
			size = storage.put(key, in);
		}
		catch (IOException | RuntimeException ex) {
			// the producer's own failure explains more than the provider's "stream
			// failed";
			// but a producer that failed only because the provider stopped reading (its
			// upload failed) would hide the storage's error
			Throwable producerFailure = failureOf(writer);
			if (StreamPipe.ReaderClosedException.isCauseOf(producerFailure)) {
				throw ex;
			}
			if (producerFailure instanceof IOException io) {
				throw io;
			}
			if (producerFailure instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
		Throwable producerFailure = failureOf(writer);
		if (producerFailure != null) {
			throw new IOException("Artifact " + key + " could not be produced: " + producerFailure.getMessage(),
					producerFailure);
		}
		return new BackupStore.Written(key, size, HexFormat.of().formatHex(digest.digest()));
	}

	private static Throwable failureOf(Future<?> writer) {
		try {
			writer.get();
			return null;
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			writer.cancel(true);
			return ex;
		}
	}

	/**
	 * Reads a stored artifact to its end and checks its SHA-256, without keeping it.
	 * @param storage where it is stored
	 * @param key its key
	 * @param expectedSha256 the SHA-256 recorded when it was written
	 * @throws ArtifactCorruptedException if the content does not match
	 * @throws IOException if it cannot be read
	 */
	static void verify(StorageProvider storage, String key, String expectedSha256) throws IOException {
		try (InputStream in = openVerified(storage, key, expectedSha256)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
	}

	/**
	 * Opens a stored artifact for reading; the stream checks the SHA-256 when it reaches
	 * the end and throws {@link ArtifactCorruptedException} from the read that sees end
	 * of stream if it does not match.
	 * @param storage where it is stored
	 * @param key its key
	 * @param expectedSha256 the expected SHA-256
	 * @return the stream, to close
	 * @throws IOException if it cannot be opened
	 */
	static InputStream openVerified(StorageProvider storage, String key, String expectedSha256) throws IOException {
		MessageDigest digest = sha256();
		return new DigestInputStream(storage.get(key), digest) {

			private boolean checked;

			@Override
			public int read() throws IOException {
				int b = super.read();
				if (b == -1) {
					check();
				}
				return b;
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				int n = super.read(b, off, len);
				if (n == -1) {
					check();
				}
				return n;
			}

			// A reader that marks and resets (commons-compress's gzip reader does when
			// the stream allows it, and Azure's blob stream does) would have the re-read
			// bytes digested twice, and a skip would leave bytes out: neither is offered,
			// so every byte is digested exactly once.
			@Override
			public boolean markSupported() {
				return false;
			}

			@Override
			public synchronized void mark(int readLimit) {
			}

			@Override
			public synchronized void reset() throws IOException {
				throw new IOException("mark/reset not supported");
			}

			@Override
			public long skip(long n) throws IOException {
				byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
				long skipped = 0;
				while (skipped < n) {
					int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
					if (read == -1) {
						break;
					}
					skipped += read;
				}
				return skipped;
			}

			private void check() throws IOException {
				if (!this.checked) {
					this.checked = true;
					String actual = HexFormat.of().formatHex(digest.digest());
					if (!actual.equals(expectedSha256)) {
						throw new ArtifactCorruptedException(key, expectedSha256, actual);
					}
				}
			}
		};
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
