package org.backplane.service.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stream that gives one byte, then blocks until released and fails: a put reading it
 * stands for one whose process was killed mid-way, its unfinished write left on storage
 * until the test releases it.
 */
public final class StuckStream extends InputStream {

	private final CountDownLatch writing = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private boolean first = true;

	/**
	 * Waits until the reader has read the first byte and asked for more.
	 * @return whether it did within 10 s
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitWriting() throws InterruptedException {
		return this.writing.await(10, TimeUnit.SECONDS);
	}

	/**
	 * Lets the blocked read fail.
	 */
	public void release() {
		this.release.countDown();
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) == -1) ? -1 : one[0];
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (this.first) {
			this.first = false;
			b[off] = 42;
			return 1;
		}
		this.writing.countDown();
		try {
			this.release.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new IOException("the process died");
	}

}
