package org.backplane.zookeeper;

import java.io.IOException;

import org.apache.zookeeper.KeeperException;

/**
 * A ZooKeeper request failed during a backup, restore or count. The message names the
 * action, the znode and the cause in words (connection lost, session expired, not
 * authorized, …).
 */
public class ZooKeeperException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient KeeperException.Code code;

	/**
	 * Creates the exception.
	 * @param code the result code ZooKeeper answered with
	 * @param message what failed and why
	 * @param cause the underlying exception
	 */
	public ZooKeeperException(KeeperException.Code code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/**
	 * ZooKeeper's result code, e.g. {@link KeeperException.Code#CONNECTIONLOSS}.
	 * @return the code
	 */
	public KeeperException.Code code() {
		return this.code;
	}

}
