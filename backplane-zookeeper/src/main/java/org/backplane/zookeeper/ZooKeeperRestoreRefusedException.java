package org.backplane.zookeeper;

import java.io.IOException;

/**
 * Thrown when a restore must not start, for example because the target holds data and the
 * policy is {@link ZooKeeperRestorePolicy#FAIL_IF_EXISTS}. The message says why and what
 * to do. Nothing was changed.
 */
public class ZooKeeperRestoreRefusedException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message why the restore was refused and what to do
	 */
	public ZooKeeperRestoreRefusedException(String message) {
		super(message);
	}

}
