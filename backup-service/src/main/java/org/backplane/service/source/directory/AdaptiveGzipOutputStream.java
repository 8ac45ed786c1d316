package org.backplane.service.source.directory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The JDK's gzip stream (zlib) at a chosen level that stops spending CPU on file contents
 * that do not compress.
 * <p>
 * zlib at any level runs at 20–60 MB/s on one core, also on data it cannot shrink (files
 * compressed already: SSTables, snapshots, media), where it ends up writing stored blocks
 * anyway. The writer marks which bytes are file content ({@link #beginContent()},
 * {@link #endContent()}); everything else (tar headers) is always compressed. Of every
 * {@value #WINDOW} bytes of content, the first {@value #SAMPLE} are also compressed at
 * level 1 by a probe: when they shrink by less than {@value #MIN_SAVING_PERCENT} %, the
 * next {@value #STORED_WINDOWS} windows of content are written at level 0 (stored blocks,
 * the speed of a copy), then the level is tried again. Judging content alone matters for
 * many small files, where headers that compress well would make a window look
 * compressible although no file in it is. Compressible content loses at most
 * {@value #STORED_WINDOWS} windows of compression after incompressible content.
 * <p>
 * Switching levels is zlib's own {@code deflateParams}, applied at the exact boundary
 * (what zlib holds is flushed at the old level first): the output stays one valid gzip
 * stream, read like any other. Writes are staged in a buffer, so many small writes (tar
 * records) cost one call into zlib per buffer.
 */
final class AdaptiveGzipOutputStream extends GZIPOutputStream {

	/** Bytes of content judged at a time. */
	static final int WINDOW = 1024 * 1024;

	/** Bytes at the start of each window compressed by the probe. */
	static final int SAMPLE = 64 * 1024;

	/**
	 * Windows of content stored without trying to compress after a sample that did not
	 * compress.
	 */
	static final int STORED_WINDOWS = 8;

	/** A sample that shrank by less than this many percent did not compress. */
	static final int MIN_SAVING_PERCENT = 2;

	private static final byte[] NO_INPUT = new byte[0];

	private final int level;

	private final byte[] staged;

	private int stagedLength;

	private int currentLevel;

	private boolean content;

	private long storedLeft;

	private long windowContent;

	private final Deflater probe = new Deflater(1, true);

	private final byte[] probeOutput = new byte[8 * 1024];

	private long probeIn;

	private long probeOut;

	private long storedBytes;

	AdaptiveGzipOutputStream(OutputStream out, int level, int bufferSize) throws IOException {
		super(out, bufferSize);
		this.level = level;
		this.currentLevel = level;
		this.def.setLevel(level);
		this.staged = new byte[bufferSize];
	}

	/**
	 * The bytes written from now on are file content, judged and perhaps stored; all
	 * before it was written.
	 */
	void beginContent() throws IOException {
		drain();
		this.content = true;
	}

	/**
	 * The bytes written from now on are not content (headers): always compressed.
	 */
	void endContent() throws IOException {
		drain();
		this.content = false;
	}

	/**
	 * Content bytes written at level 0 because a sample before them did not compress (for
	 * tests and logs).
	 * @return how many content bytes were written at level 0 so far
	 */
	long storedBytes() {
		return this.storedBytes;
	}

	@Override
	public synchronized void write(byte[] b, int off, int len) throws IOException {
		while (len > 0) {
			int n = Math.min(len, this.staged.length - this.stagedLength);
			System.arraycopy(b, off, this.staged, this.stagedLength, n);
			this.stagedLength += n;
			off += n;
			len -= n;
			if (this.stagedLength == this.staged.length) {
				drain();
			}
		}
	}

	@Override
	public synchronized void flush() throws IOException {
		drain();
		super.flush();
	}

	@Override
	public synchronized void finish() throws IOException {
		drain();
		super.finish();
	}

	@Override
	public void close() throws IOException {
		try {
			super.close();
		}
		finally {
			this.probe.end();
		}
	}

	private void drain() throws IOException {
		if (this.stagedLength == 0) {
			return;
		}
		if (!this.content || this.level == 0) {
			deflateAt(this.level, 0, this.stagedLength);
		}
		else {
			int off = 0;
			while (off < this.stagedLength) {
				int n;
				if (this.storedLeft > 0) {
					n = (int) Math.min(this.storedLeft, this.stagedLength - off);
					deflateAt(Deflater.NO_COMPRESSION, off, n);
					this.storedLeft -= n;
					this.storedBytes += n;
				}
				else {
					n = (int) Math.min(WINDOW - this.windowContent, this.stagedLength - off);
					sample(off, n);
					deflateAt(this.level, off, n);
					this.windowContent += n;
					if (this.windowContent == WINDOW) {
						judge();
					}
				}
				off += n;
			}
		}
		this.stagedLength = 0;
	}

	private void deflateAt(int level, int off, int len) throws IOException {
		if (level != this.currentLevel) {
			switchLevel(level);
		}
		super.write(this.staged, off, len);
	}

	/**
	 * Applies a new level now, with no input pending: zlib flushes what it holds at the
	 * old level first, so the next bytes are the first at the new one.
	 * @param level the zlib level (0 to 9) for the bytes that follow
	 */
	private void switchLevel(int level) throws IOException {
		this.def.setLevel(level);
		this.currentLevel = level;
		this.def.setInput(NO_INPUT, 0, 0);
		int written;
		do {
			// Repeated while zlib filled the whole buffer: it may have more to flush
			// before taking the level
			written = this.def.deflate(this.buf, 0, this.buf.length);
			if (written > 0) {
				this.out.write(this.buf, 0, written);
			}
		}
		while (written == this.buf.length);
	}

	private void sample(int off, int len) {
		int n = (int) Math.min(len, SAMPLE - this.probeIn);
		if (n <= 0) {
			return;
		}
		this.probe.setInput(this.staged, off, n);
		while (!this.probe.needsInput()) {
			this.probeOut += this.probe.deflate(this.probeOutput);
		}
		this.probeIn += n;
	}

	private void judge() {
		this.probe.finish();
		while (!this.probe.finished()) {
			this.probeOut += this.probe.deflate(this.probeOutput);
		}
		if (this.probeOut * 100 > this.probeIn * (100 - MIN_SAVING_PERCENT)) {
			this.storedLeft = (long) STORED_WINDOWS * WINDOW;
		}
		this.probe.reset();
		this.probeIn = 0;
		this.probeOut = 0;
		this.windowContent = 0;
	}

}
