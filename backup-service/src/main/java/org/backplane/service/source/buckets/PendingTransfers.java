package org.backplane.service.source.buckets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waits for object transfers submitted in order, the oldest first, as the backup, the
 * restore and the mirror bound their work in flight.
 */
final class PendingTransfers {

	private PendingTransfers() {
	}

	/**
	 * Waits for the oldest pending transfer and removes it; if it failed, cancels the
	 * others and throws its failure.
	 * @param pending the transfers in submission order, not empty
	 * @param activity what they do, for the message when interrupted (e.g.
	 * {@code restoring objects})
	 * @throws IOException the transfer's failure, or an {@link InterruptedIOException}
	 */
	static void awaitFirst(List<Future<?>> pending, String activity) throws IOException {
		Future<?> first = pending.remove(0);
		try {
			first.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			pending.forEach((f) -> f.cancel(true));
			throw new InterruptedIOException("Interrupted while " + activity);
		}
		catch (ExecutionException ex) {
			pending.forEach((f) -> f.cancel(true));
			Throwable cause = ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IOException(cause);
		}
	}

}
