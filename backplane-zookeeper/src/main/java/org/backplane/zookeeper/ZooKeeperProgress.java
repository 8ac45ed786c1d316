package org.backplane.zookeeper;

/**
 * Receives progress from a running backup or restore. Called from ZooKeeper's callback
 * thread or the caller's thread, once per znode; must be cheap and must not block. A
 * {@link RuntimeException} it throws (for example to cancel a job) stops the operation
 * and is rethrown unchanged by {@link ZooKeeperBackup#write} or
 * {@link ZooKeeperRestore#read}.
 */
@FunctionalInterface
public interface ZooKeeperProgress {

	/** A listener that ignores everything. */
	ZooKeeperProgress NONE = (znodes, bytes) -> {
	};

	/**
	 * Reports that more znodes were copied.
	 * @param znodes znodes completed since the last call
	 * @param bytes data bytes of those znodes
	 */
	void advance(long znodes, long bytes);

}
