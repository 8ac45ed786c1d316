package org.backplane.service.storage.s3;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.backplane.service.storage.TransferBudget;

/**
 * Reads one large object as consecutive byte ranges fetched in parallel, and delivers its
 * bytes in order.
 * <p>
 * The object is cut into ranges of {@code rangeSize} bytes. Up to {@code rangesInFlight}
 * ranges ahead of the reader are fetched at once, each into its own buffer; the reader
 * copies out of the oldest one, and once it is drained its buffer is reused for the next
 * range. Memory is therefore at most {@code (rangesInFlight + 1) × rangeSize}, whatever
 * the size of the object. Every buffer beyond the first is taken from the service's
 * {@link TransferBudget}; when it has no room the stream fetches fewer ranges ahead (with
 * one buffer, the next range is fetched once the reader has drained the current one). The
 * first range is read from the already open response of the whole object (no extra
 * request), whose connection is then aborted.
 * <p>
 * A range whose body breaks off (connection reset, premature end) is re-requested from
 * where it stopped, up to {@code maxAttempts} times in all; a request the store refuses
 * is final (the SDK has retried it already) and surfaces as the {@link IOException} the
 * {@link RangeSource} made of it. Closing the stream before its end aborts every range
 * still in flight and fetches no more.
 * <p>
 * One reader thread; {@link #close()} may be called from another one.
 */
final class RangedObjectInputStream extends InputStream {

	private final ExecutorService executor;

	private final RangeSource source;

	private final String description;

	private final long length;

	private final int rangeSize;

	private final int rangesInFlight;

	private final int maxAttempts;

	private final int rangeCount;

	/** Ranges fetched or being fetched ahead of the reader, in order. */
	private final Deque<Future<byte[]>> pending = new ConcurrentLinkedDeque<>();

	/** Buffers of drained ranges, ready for the next ones (reader thread only). */
	private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

	/** Responses being read by the workers, aborted on close. */
	private final Set<InputStream> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger rangesOpened = new AtomicInteger();

	private final AtomicInteger fetchesRunning = new AtomicInteger();

	private final TransferBudget budget;

	/** Bytes of buffers taken from the budget, handed back on close or at the end. */
	private final AtomicLong budgeted = new AtomicLong();

	/** Buffers made so far (reader thread only). */
	private int allocated;

	private volatile boolean closed;

	private volatile InputStream first;

	private IOException failure;

	private int nextToFetch;

	private int currentRange = -1;

	private byte[] current;

	private int currentLength;

	private int position;

	/**
	 * Starts fetching the first ranges.
	 * @param executor runs the fetches
	 * @param first the open response of the whole object, read for the first range, then
	 * aborted
	 * @param source opens the other ranges
	 * @param description the location and key, for messages
	 * @param length the object's length, more than {@code rangeSize}
	 * @param rangeSize the size of each range
	 * @param rangesInFlight ranges fetched at once ahead of the reader, at least 1
	 * @param maxAttempts attempts per range when its body breaks off, at least 1
	 * @param budget grants the buffers beyond the first
	 */
	RangedObjectInputStream(ExecutorService executor, InputStream first, RangeSource source, String description,
			long length, int rangeSize, int rangesInFlight, int maxAttempts, TransferBudget budget) {
		this.budget = budget;
		this.executor = executor;
		this.first = first;
		this.source = source;
		this.description = description;
		this.length = length;
		this.rangeSize = rangeSize;
		this.rangesInFlight = rangesInFlight;
		this.maxAttempts = maxAttempts;
		this.rangeCount = (int) ((length + rangeSize - 1) / rangeSize);
		fetchAhead();
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return (read == -1) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		ensureOpen();
		if (len == 0) {
			return 0;
		}
		while (this.current == null || this.position == this.currentLength) {
			if (!nextRange()) {
				return -1;
			}
		}
		int n = Math.min(len, this.currentLength - this.position);
		System.arraycopy(this.current, this.position, b, off, n);
		this.position += n;
		return n;
	}

	@Override
	public int available() throws IOException {
		ensureOpen();
		return (this.current != null) ? this.currentLength - this.position : 0;
	}

	private void ensureOpen() throws IOException {
		if (this.failure != null) {
			throw new IOException(this.failure.getMessage(), this.failure);
		}
		if (this.closed) {
			throw new IOException("Stream closed: " + this.description);
		}
	}

	private boolean nextRange() throws IOException {
		if (this.current != null) {
			this.spare.push(this.current);
			this.current = null;
		}
		if (this.currentRange + 1 >= this.rangeCount) {
			giveBack();
			return false;
		}
		fetchAheadOrFail();
		Future<byte[]> next = this.pending.poll();
		byte[] buffer;
		try {
			buffer = next.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new InterruptedIOException("Interrupted while reading " + this.description);
		}
		catch (ExecutionException | CancellationException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			this.failure = (cause instanceof IOException io) ? io
					: new IOException("Reading " + this.description + " failed: " + cause, cause);
			close();
			throw this.failure;
		}
		this.currentRange++;
		this.current = buffer;
		this.currentLength = rangeLength(this.currentRange);
		this.position = 0;
		fetchAheadOrFail();
		return true;
	}

	private void fetchAheadOrFail() throws IOException {
		try {
			fetchAhead();
		}
		catch (RejectedExecutionException ex) {
			this.failure = new IOException("Reading " + this.description + " failed: the provider was closed", ex);
			close();
			throw this.failure;
		}
	}

	/**
	 * Fetches ranges ahead of the reader, up to {@code rangesInFlight}, with the buffers
	 * it has or may take.
	 */
	private void fetchAhead() {
		while (this.pending.size() < this.rangesInFlight && this.nextToFetch < this.rangeCount) {
			byte[] buffer = this.spare.poll();
			if (buffer == null) {
				buffer = newBuffer();
				if (buffer == null) {
					return;
				}
			}
			int range = this.nextToFetch++;
			byte[] into = buffer;
			this.pending.add(this.executor.submit(() -> fetch(range, into)));
		}
	}

	/**
	 * A new buffer: the first always, further ones if the budget has room; else
	 * {@code null}.
	 * @return a buffer of one range's size, or {@code null}
	 */
	private byte[] newBuffer() {
		int size = rangeLength(0);
		if (this.allocated == 0) {
			this.budget.take(size);
		}
		else if (!this.budget.tryTake(size)) {
			return null;
		}
		this.budgeted.addAndGet(size);
		if (this.closed) {
			giveBack();
		}
		this.allocated++;
		return new byte[size];
	}

	private void giveBack() {
		this.budget.give(this.budgeted.getAndSet(0));
	}

	private int rangeLength(int range) {
		return (int) Math.min(this.rangeSize, this.length - (long) range * this.rangeSize);
	}

	/**
	 * Runs on a worker: fills the buffer with the range, re-requesting the rest if the
	 * body breaks off.
	 * @param range the range's index, from 0
	 * @param buffer a buffer of at least the range's length
	 * @return the buffer, filled with the range's bytes
	 */
	private byte[] fetch(int range, byte[] buffer) throws IOException {
		this.fetchesRunning.incrementAndGet();
		try {
			long offset = (long) range * this.rangeSize;
			int rangeLength = rangeLength(range);
			InputStream in = null;
			if (range == 0) {
				in = this.first;
				this.first = null;
				if (in != null) {
					register(in);
				}
			}
			int filled = 0;
			int attempt = 1;
			try {
				while (filled < rangeLength) {
					if (this.closed) {
						throw new IOException("Stream closed: " + this.description);
					}
					if (in == null) {
						this.rangesOpened.incrementAndGet();
						in = register(this.source.open(offset + filled, rangeLength - filled));
					}
					try {
						int read = in.read(buffer, filled, rangeLength - filled);
						if (read == -1) {
							throw new EOFException("the response ended early");
						}
						filled += read;
					}
					catch (IOException ex) {
						release(in);
						in = null;
						if (this.closed) {
							throw new IOException("Stream closed: " + this.description, ex);
						}
						if (attempt >= this.maxAttempts) {
							throw new IOException("Reading " + this.description + " failed at byte " + (offset + filled)
									+ " after " + attempt + " attempts: " + ex.getMessage(), ex);
						}
						attempt++;
					}
				}
				if (range != 0 && in != null) {
					// Reach the end of the response so that its connection goes back to
					// the pool
					in.read();
				}
			}
			finally {
				if (in != null) {
					release(in);
				}
			}
			return buffer;
		}
		finally {
			this.fetchesRunning.decrementAndGet();
		}
	}

	private InputStream register(InputStream in) throws IOException {
		this.open.add(in);
		if (this.closed) {
			release(in);
			throw new IOException("Stream closed: " + this.description);
		}
		return in;
	}

	private void release(InputStream in) {
		this.open.remove(in);
		try {
			in.close();
		}
		catch (IOException | RuntimeException ex) {
			// aborting anyway
		}
	}

	/**
	 * Stops: aborts every range in flight and fetches no more.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		InputStream unread = this.first;
		if (unread != null) {
			this.first = null;
			release(unread);
		}
		for (Future<byte[]> future : this.pending) {
			future.cancel(false);
		}
		for (InputStream in : this.open) {
			release(in);
		}
		giveBack();
	}

	/**
	 * Ranges requested so far beyond the first one (for tests).
	 * @return how many range requests were opened, re-requests after a broken body
	 * included
	 */
	int rangesOpened() {
		return this.rangesOpened.get();
	}

	/**
	 * Fetches still running (for tests).
	 * @return how many fetches are running now
	 */
	int fetchesRunning() {
		return this.fetchesRunning.get();
	}

	/**
	 * Opens byte ranges of the object.
	 */
	@FunctionalInterface
	interface RangeSource {

		/**
		 * Opens the bytes {@code [offset, offset + length)} of the object; closing the
		 * stream before its end aborts the request.
		 * @param offset the first byte
		 * @param length the number of bytes
		 * @return the bytes
		 * @throws IOException if the store refused (naming the location and the key)
		 */
		InputStream open(long offset, int length) throws IOException;

	}

}
