package org.backplane.service.source.directory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The JDK's gzip stream (zlib) at a chosen level that stops spending CPU on what does not compress.
 * <p>
 * zlib at any level runs at 20–60 MB/s on one core, also on data it cannot shrink (files compressed already:
 * SSTables, snapshots, media), where it ends up writing stored blocks anyway. This stream looks at every
 * {@value #WINDOW}-byte window of input: when the window came out less than {@value #MIN_SAVING_PERCENT} %
 * smaller, the next {@value #STORED_WINDOWS} windows are written at level 0 (stored blocks, the speed of a copy),
 * then the configured level is tried again on one window. Compressible data loses at most
 * {@value #STORED_WINDOWS} windows of compression after incompressible data. Changing the level mid-stream is
 * zlib's own {@code deflateParams}: the output stays one valid gzip stream, read like any other.
 * <p>
 * Level 0 stores everything from the start; so does no window at all for an input smaller than one window.
 */
final class AdaptiveGzipOutputStream extends GZIPOutputStream {

	/** Bytes of input judged at a time. */
	static final int WINDOW = 1024 * 1024;

	/** Windows stored without trying to compress after a window that did not compress. */
	static final int STORED_WINDOWS = 8;

	/** A window that shrank by less than this many percent did not compress. */
	static final int MIN_SAVING_PERCENT = 2;

	private final int level;

	private long windowStartIn;

	private long windowStartOut;

	private int storedWindowsLeft;

	private long storedBytes;

	AdaptiveGzipOutputStream(OutputStream out, int level, int bufferSize) throws IOException {
		super(out, bufferSize);
		this.level = level;
		this.def.setLevel(level);
	}

	@Override
	public synchronized void write(byte[] b, int off, int len) throws IOException {
		super.write(b, off, len);
		long in = this.def.getBytesRead();
		if (this.level > 0 && in - this.windowStartIn >= WINDOW) {
			endWindow(in, this.def.getBytesWritten());
		}
	}

	private void endWindow(long in, long out) {
		long windowIn = in - this.windowStartIn;
		if (this.storedWindowsLeft > 0) {
			this.storedBytes += windowIn;
			this.storedWindowsLeft--;
			if (this.storedWindowsLeft == 0) {
				this.def.setLevel(this.level);
			}
		}
		// What zlib still holds is at most a block or two: negligible against a window
		else if ((out - this.windowStartOut) * 100 > windowIn * (100 - MIN_SAVING_PERCENT)) {
			this.def.setLevel(Deflater.NO_COMPRESSION);
			this.storedWindowsLeft = STORED_WINDOWS;
		}
		this.windowStartIn = in;
		this.windowStartOut = out;
	}

	/**
	 * Input bytes written at level 0 because the window before them did not compress (for tests and logs).
	 */
	long storedBytes() {
		return this.storedBytes;
	}

}
