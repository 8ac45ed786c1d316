package org.backplane.service.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The start of a stream to put, read before the adapter knows whether one request or a
 * multipart upload will carry it: a stream of less than {@value #PROBE} bytes is read
 * whole into an array of that size, without a part buffer; a longer one goes on into a
 * part buffer from the {@link TransferBudget}'s pool, handed back by {@link #close()}.
 * <p>
 * Why: every put used to take a part buffer (16 MB by default) for its first part, also
 * for a 10 KiB object, so each thread putting small objects kept one: the bucket source's
 * eight workers held 128 MB of buffers for objects of a few KiB each, which took the
 * service's peak RSS over its 512 MB target (docs/benchmarks.md).
 */
public final class FirstPart implements AutoCloseable {

	/**
	 * Streams shorter than this are read into an array of this size, not a part buffer.
	 */
	static final int PROBE = 64 * 1024;

	private final byte[] bytes;

	private final int length;

	private final TransferBudget pool;

	private FirstPart(byte[] bytes, int length, TransferBudget pool) {
		this.bytes = bytes;
		this.length = length;
		this.pool = pool;
	}

	/**
	 * Reads the first part of a stream.
	 * @param data the stream, read up to {@code partSize} bytes
	 * @param partSize the size of a part
	 * @param budget the pool of part buffers
	 * @return the first part: {@link #length()} below {@code partSize} means that it is
	 * the whole stream
	 * @throws IOException if reading fails (no buffer is then held)
	 */
	public static FirstPart read(InputStream data, int partSize, TransferBudget budget) throws IOException {
		int full = Math.min(PROBE, partSize);
		// A stream that knows its length (an in-memory content) is read into an array of
		// that length and one byte more, which tells its end: no 64 KiB array per 10 KiB
		// object (bench/buckets: 640 MB of garbage per 10,000 objects)
		int hint = data.available();
		byte[] probe = new byte[(hint > 0 && hint < full) ? hint + 1 : full];
		int read = data.readNBytes(probe, 0, probe.length);
		if (read == probe.length && probe.length < full) {
			// longer than it said: go on in an array of the usual size
			probe = Arrays.copyOf(probe, full);
			read += data.readNBytes(probe, read, full - read);
		}
		if (read < probe.length || probe.length == partSize) {
			return new FirstPart(probe, read, null);
		}
		byte[] buffer = budget.takeBuffer(partSize);
		try {
			System.arraycopy(probe, 0, buffer, 0, read);
			int rest = data.readNBytes(buffer, read, partSize - read);
			return new FirstPart(buffer, read + rest, budget);
		}
		catch (IOException | RuntimeException | Error ex) {
			budget.giveBuffer(buffer);
			throw ex;
		}
	}

	/**
	 * The bytes read, from index 0: a part buffer of the part size when the stream is
	 * longer than {@value #PROBE} bytes.
	 * @return the array; valid until {@link #close()}
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	/**
	 * @return the number of bytes read
	 */
	public int length() {
		return this.length;
	}

	/**
	 * Hands the part buffer back to the pool, if one was taken.
	 */
	@Override
	public void close() {
		if (this.pool != null) {
			this.pool.giveBuffer(this.bytes);
		}
	}

}
