package org.backplane.service.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Uploads a stream of unknown length as numbered parts (S3 multipart parts, Azure blocks)
 * with bounded memory: the caller's thread reads parts into buffers taken from a pool of
 * {@code maxInFlight + 1}, and worker threads write them and hand each buffer back once
 * its part is stored. Memory is therefore at most {@code (maxInFlight + 1) × partSize},
 * whatever the size of the stream. Every buffer beyond the first is taken from the
 * service's {@link TransferBudget}, which pools them across uploads: when the budget has
 * no room the upload goes on with the buffers it has (at least one, so parts are then
 * read and written in turn); when the upload ends, successfully or not, they go back to
 * the pool for the next upload. Used by the adapters; holds no SDK types.
 *
 * @param <P> what writing one part returns (e.g. its ETag)
 */
public final class ParallelPartUpload<P> {

	private final ExecutorService executor;

	private final int partSize;

	private final int maxInFlight;

	private final int maxParts;

	private final PartWriter<P> writer;

	private final BlockingQueue<byte[]> buffers;

	private final List<Future<P>> parts = new ArrayList<>();

	private final AtomicReference<Throwable> failed = new AtomicReference<>();

	private final Semaphore inFlight;

	private final TransferBudget budget;

	/** Buffers made so far: {@code first} and those taken from the budget. */
	private int allocated;

	private long size;

	/**
	 * Prepares an upload.
	 * @param executor runs the part writes; must not queue them behind unrelated work
	 * indefinitely
	 * @param partSize the size of every part but the last
	 * @param maxInFlight parts written at once
	 * @param maxParts the most parts the store accepts (10,000 for S3, 50,000 for Azure)
	 * @param writer writes one part
	 */
	public ParallelPartUpload(ExecutorService executor, int partSize, int maxInFlight, int maxParts,
			PartWriter<P> writer) {
		this(executor, partSize, maxInFlight, maxParts, TransferBudget.unlimited(), writer);
	}

	/**
	 * Prepares an upload whose buffers count against a budget shared with other
	 * transfers.
	 * @param executor runs the part writes; must not queue them behind unrelated work
	 * indefinitely
	 * @param partSize the size of every part but the last
	 * @param maxInFlight parts written at once, at most
	 * @param maxParts the most parts the store accepts (10,000 for S3, 50,000 for Azure)
	 * @param budget grants the buffers beyond the first
	 * @param writer writes one part
	 */
	public ParallelPartUpload(ExecutorService executor, int partSize, int maxInFlight, int maxParts,
			TransferBudget budget, PartWriter<P> writer) {
		this.budget = budget;
		this.executor = executor;
		this.partSize = partSize;
		this.maxInFlight = maxInFlight;
		this.maxParts = maxParts;
		this.writer = writer;
		this.buffers = new ArrayBlockingQueue<>(maxInFlight + 1);
		this.inFlight = new Semaphore(maxInFlight);
	}

	/**
	 * Writes {@code first} (a full part already read, of {@code partSize} bytes, or less
	 * if that was all) and then the rest of {@code data}, and waits until every part is
	 * written. On failure, waits for the parts in flight to end before throwing, so
	 * nothing is written after this returns: the caller can then abort.
	 * @param first the first part
	 * @param data the rest of the stream
	 * @return the parts' receipts, in part order
	 * @throws PartFailedException if writing a part failed (its cause is the writer's
	 * exception)
	 * @throws IOException if reading {@code data} failed, or the stream has more than
	 * {@code maxParts} parts
	 */
	public List<P> run(byte[] first, InputStream data) throws IOException {
		this.budget.take(first.length);
		try {
			return run(first, first.length, data);
		}
		finally {
			this.budget.give(first.length);
		}
	}

	/**
	 * Writes the first {@code length} bytes of {@code first} and then the rest of
	 * {@code data}, as {@link #run(byte[], InputStream)} does, with a first buffer that
	 * the caller took from the budget ({@link TransferBudget#takeBuffer}) and hands back
	 * itself once this returns. The buffers beyond it come from the budget's pool and go
	 * back to it when this returns, whether the upload succeeded or failed.
	 * @param first the first buffer, of {@code partSize} bytes
	 * @param length the bytes of the first part in it
	 * @param data the rest of the stream
	 * @return the parts' receipts, in part order
	 * @throws PartFailedException if writing a part failed (its cause is the writer's
	 * exception)
	 * @throws IOException if reading {@code data} failed, or the stream has more than
	 * {@code maxParts} parts
	 */
	public List<P> run(byte[] first, int length, InputStream data) throws IOException {
		this.allocated = 1;
		try {
			read(first, length, data);
			return await();
		}
		catch (IOException | RuntimeException | Error ex) {
			drain();
			throw ex;
		}
		finally {
			handBack(first);
		}
	}

	// Every buffer but the caller's goes back to the pool; one still held by a part that
	// did not end (drain gave up, or the thread was interrupted) only gives its bytes
	// back, it may still be read
	private void handBack(byte[] first) {
		int returned = 0;
		byte[] buffer;
		while ((buffer = this.buffers.poll()) != null) {
			if (buffer != first) {
				this.budget.giveBuffer(buffer);
				returned++;
			}
		}
		this.budget.give((this.allocated - 1L - returned) * this.partSize);
	}

	/**
	 * The number of bytes read and handed to parts.
	 * @return the size
	 */
	public long size() {
		return this.size;
	}

	private void read(byte[] first, int firstLength, InputStream data) throws IOException {
		byte[] buffer = first;
		int length = firstLength;
		while (length > 0) {
			if (this.parts.size() == this.maxParts) {
				throw new IOException("The stream is larger than " + this.maxParts + " parts of " + this.partSize
						+ " bytes: raise the part size");
			}
			submit(this.parts.size() + 1, buffer, length);
			this.size += length;
			if (length < this.partSize) {
				return;
			}
			buffer = nextBuffer();
			length = data.readNBytes(buffer, 0, this.partSize);
			if (length == 0) {
				this.buffers.add(buffer);
			}
		}
	}

	private void submit(int partNumber, byte[] buffer, int length) throws IOException {
		// One buffer more than parts in flight: the next part is read while the others
		// are written
		try {
			while (!this.inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
				Throwable failure = this.failed.get();
				if (failure != null) {
					this.buffers.add(buffer);
					throw new PartFailedException(failure);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.buffers.add(buffer);
			throw new InterruptedIOException("Interrupted while uploading");
		}
		this.parts.add(this.executor.submit(() -> {
			try {
				return this.writer.write(partNumber, buffer, length);
			}
			catch (Exception | Error ex) {
				this.failed.compareAndSet(null, ex);
				throw ex;
			}
			finally {
				this.buffers.add(buffer);
				this.inFlight.release();
			}
		}));
	}

	/**
	 * A free buffer; waits for a part to finish when all are in flight, and stops if one
	 * failed.
	 * @return a buffer of the part size, returned by a finished part or newly allocated
	 * within the budget
	 */
	private byte[] nextBuffer() throws IOException {
		try {
			while (true) {
				Throwable failure = this.failed.get();
				if (failure != null) {
					throw new PartFailedException(failure);
				}
				byte[] buffer = this.buffers.poll();
				if (buffer != null) {
					return buffer;
				}
				if (this.allocated < this.maxInFlight + 1) {
					buffer = this.budget.tryTakeBuffer(this.partSize);
					if (buffer != null) {
						this.allocated++;
						return buffer;
					}
				}
				buffer = this.buffers.poll(100, TimeUnit.MILLISECONDS);
				if (buffer != null) {
					return buffer;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while uploading");
		}
	}

	private List<P> await() throws IOException {
		List<P> receipts = new ArrayList<>(this.parts.size());
		for (Future<P> part : this.parts) {
			try {
				receipts.add(part.get());
			}
			catch (ExecutionException ex) {
				throw new PartFailedException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted while uploading");
			}
		}
		return receipts;
	}

	private void drain() {
		for (Future<P> part : this.parts) {
			try {
				part.get(5, TimeUnit.MINUTES);
			}
			catch (ExecutionException | TimeoutException ex) {
				// the caller aborts the whole upload
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Writes one part; called on a worker thread, possibly several at once.
	 *
	 * @param <P> what writing one part returns
	 */
	@FunctionalInterface
	public interface PartWriter<P> {

		/**
		 * Writes a part. The buffer is only valid until this returns.
		 * @param partNumber the part's number, from 1
		 * @param buffer the part's bytes, from index 0
		 * @param length the part's length
		 * @return the part's receipt
		 * @throws Exception if the part could not be written
		 */
		P write(int partNumber, byte[] buffer, int length) throws Exception;

	}

	/**
	 * A part failed to be written; the cause is what the {@link PartWriter} threw.
	 */
	public static final class PartFailedException extends IOException {

		private static final java.util.regex.Pattern CLASS_PREFIX = java.util.regex.Pattern
			.compile("([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error)(: |$)");

		PartFailedException(Throwable cause) {
			super("Writing a part failed: " + reason(cause), cause);
		}

		// the innermost cause's message says what happened (a storage's status and code,
		// or the connection's error), without the class names wrappers put in front
		private static String reason(Throwable cause) {
			Throwable root = cause;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			String message = (root.getMessage() != null && !root.getMessage().isBlank()) ? root.getMessage()
					: cause.getMessage();
			if (message == null || message.isBlank()) {
				return "no reason given";
			}
			String stripped = message;
			while (CLASS_PREFIX.matcher(stripped).lookingAt()) {
				stripped = CLASS_PREFIX.matcher(stripped).replaceFirst("");
			}
			return stripped.isBlank() ? message : stripped;
		}

	}

}
