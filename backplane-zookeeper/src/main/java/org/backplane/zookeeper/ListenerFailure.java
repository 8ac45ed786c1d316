package org.backplane.zookeeper;

import java.io.IOException;

/**
 * Carries a {@link RuntimeException} thrown by a {@link ZooKeeperProgress} listener (for
 * example a job runner cancelling the job) out of ZooKeeper's callback thread, so that
 * the operation stops and the caller gets the listener's exception back unchanged.
 */
final class ListenerFailure extends IOException {

	private static final long serialVersionUID = 1L;

	ListenerFailure(RuntimeException cause) {
		super(cause.getMessage(), cause);
	}

	/**
	 * Rethrows the listener's exception if {@code failure} carries one, else returns
	 * {@code failure}.
	 * @param failure the failure
	 * @return {@code failure} when it is not a listener's
	 */
	static IOException unwrap(IOException failure) {
		if (failure instanceof ListenerFailure) {
			throw (RuntimeException) failure.getCause();
		}
		return failure;
	}

	static void advance(ZooKeeperProgress progress, long znodes, long bytes) throws ListenerFailure {
		try {
			progress.advance(znodes, bytes);
		}
		catch (RuntimeException ex) {
			throw new ListenerFailure(ex);
		}
	}

}
