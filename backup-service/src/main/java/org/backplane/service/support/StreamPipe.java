package org.backplane.service.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe between a writer thread (a source streaming its artifact) and a reader
 * thread (a storage provider uploading it). At most {@code capacity} chunks are buffered,
 * so memory stays bounded whatever the size of what flows through.
 * <p>
 * Unlike {@link java.io.PipedInputStream}, a failure on either side reaches the other: a
 * writer that fails calls {@link Sink#fail(Throwable)} and the reader's next read throws,
 * so a provider never stores a truncated artifact as if it were whole; a reader that
 * gives up closes its stream and the writer's next write throws.
 */
public final class StreamPipe {

	private static final byte[] EOF = new byte[0];

	private final BlockingQueue<byte[]> queue;

	private final int chunkSize;

	private final Sink sink;

	private final Source source;

	private volatile Throwable writerFailure;

	private volatile boolean readerClosed;

	/**
	 * @param chunkSize bytes per chunk
	 * @param capacity chunks buffered at most
	 */
	public StreamPipe(int chunkSize, int capacity) {
		if (chunkSize < 1 || capacity < 1) {
			throw new IllegalArgumentException("chunkSize and capacity must be positive");
		}
		this.chunkSize = chunkSize;
		this.queue = new ArrayBlockingQueue<>(capacity);
		// created after chunkSize is set: the sink sizes its buffer from it
		this.sink = new Sink();
		this.source = new Source();
	}

	/**
	 * A pipe of 64 KiB chunks, 16 buffered (1 MiB).
	 */
	public StreamPipe() {
		this(64 * 1024, 16);
	}

	/**
	 * @return the writing end
	 */
	public Sink sink() {
		return this.sink;
	}

	/**
	 * @return the reading end
	 */
	public InputStream source() {
		return this.source;
	}

	private void put(byte[] chunk) throws IOException {
		try {
			while (!this.queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
				if (this.readerClosed) {
					throw new ReaderClosedException();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while writing to the pipe");
		}
	}

	/**
	 * The writing end. {@link #close()} marks a complete stream; {@link #fail(Throwable)}
	 * marks a failed one.
	 */
	public final class Sink extends OutputStream {

		private byte[] buffer = new byte[StreamPipe.this.chunkSize];

		private int count;

		private boolean closed;

		@Override
		public void write(int b) throws IOException {
			ensureOpen();
			if (this.count == this.buffer.length) {
				flushChunk();
			}
			this.buffer[this.count++] = (byte) b;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			ensureOpen();
			while (len > 0) {
				if (this.count == this.buffer.length) {
					flushChunk();
				}
				int n = Math.min(len, this.buffer.length - this.count);
				System.arraycopy(b, off, this.buffer, this.count, n);
				this.count += n;
				off += n;
				len -= n;
			}
		}

		private void ensureOpen() throws IOException {
			if (this.closed) {
				throw new IOException("The pipe is closed");
			}
			if (StreamPipe.this.readerClosed) {
				throw new ReaderClosedException();
			}
		}

		private void flushChunk() throws IOException {
			if (this.count > 0) {
				byte[] chunk = (this.count == this.buffer.length) ? this.buffer
						: Arrays.copyOf(this.buffer, this.count);
				put(chunk);
				this.buffer = new byte[StreamPipe.this.chunkSize];
				this.count = 0;
			}
		}

		/**
		 * Ends the stream normally: the reader sees end of stream after the last byte.
		 */
		@Override
		public void close() throws IOException {
			if (!this.closed) {
				flushChunk();
				this.closed = true;
				put(EOF);
			}
		}

		/**
		 * Ends the stream with a failure: the reader's next read throws an
		 * {@link IOException} carrying it.
		 * @param failure why the writer failed
		 */
		public void fail(Throwable failure) {
			StreamPipe.this.writerFailure = failure;
			this.closed = true;
			StreamPipe.this.queue.offer(EOF);
		}

	}

	private final class Source extends InputStream {

		private byte[] current;

		private int position;

		private boolean eof;

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n == -1) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len == 0) {
				return 0;
			}
			while (true) {
				checkFailure();
				if (this.eof) {
					return -1;
				}
				if (this.current != null && this.position < this.current.length) {
					int n = Math.min(len, this.current.length - this.position);
					System.arraycopy(this.current, this.position, b, off, n);
					this.position += n;
					return n;
				}
				try {
					byte[] next = StreamPipe.this.queue.poll(100, TimeUnit.MILLISECONDS);
					if (next == EOF) {
						checkFailure();
						this.eof = true;
					}
					else if (next != null) {
						this.current = next;
						this.position = 0;
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new InterruptedIOException("Interrupted while reading from the pipe");
				}
			}
		}

		private void checkFailure() throws IOException {
			Throwable failure = StreamPipe.this.writerFailure;
			if (failure != null) {
				throw new IOException("The artifact could not be produced: " + failure.getMessage(), failure);
			}
		}

		@Override
		public void close() {
			StreamPipe.this.readerClosed = true;
			StreamPipe.this.queue.clear();
		}

	}

	/**
	 * The writer's failure when the reading side closed first: the reader's own failure
	 * (e.g. a storage error) is then the one that explains what happened.
	 */
	public static final class ReaderClosedException extends IOException {

		private static final long serialVersionUID = 1L;

		ReaderClosedException() {
			super("The reading side of the pipe was closed");
		}

		/**
		 * Whether a failure is, or was caused by, the reading side closing first.
		 * @param failure a writer's failure
		 * @return {@code true} if this exception is in its cause chain
		 */
		public static boolean isCauseOf(Throwable failure) {
			for (Throwable t = failure; t != null; t = t.getCause()) {
				if (t instanceof ReaderClosedException) {
					return true;
				}
			}
			return false;
		}

	}

}
