package org.backplane.zookeeper;

import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a client for the reconnection that follows a request an older server cannot
 * parse. ZooKeeper before 3.6 (3.4 and 3.5 alike) answers a batched read or a children
 * count {@code UNIMPLEMENTED} and then drops the connection, about 100 ms later; the
 * client reconnects to the same session. What follows must wait for that reconnection:
 * requests sent in between may be answered on the old connection and the next ones lost
 * with it (a backup against 3.4.14 failed that way, "lost the connection", in one run of
 * three).
 */
final class Reconnection implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Reconnection.class);

	private final CuratorFramework client;

	private final CountDownLatch reconnected = new CountDownLatch(1);

	private final ConnectionStateListener listener = (client, state) -> {
		if (state == ConnectionState.RECONNECTED) {
			this.reconnected.countDown();
		}
	};

	private Reconnection(CuratorFramework client) {
		this.client = client;
	}

	/**
	 * Starts watching, before the request that may be refused.
	 * @param client the client
	 * @return the watch, to close
	 */
	static Reconnection watch(CuratorFramework client) {
		Reconnection reconnection = new Reconnection(client);
		client.getConnectionStateListenable().addListener(reconnection.listener);
		return reconnection;
	}

	/**
	 * Waits, after an {@code UNIMPLEMENTED} answer, until the client has reconnected, at
	 * most the client's connection timeout (a server that keeps the connection is then
	 * taken at its word).
	 * @throws InterruptedIOException if interrupted
	 */
	void await() throws InterruptedIOException {
		int timeout = this.client.getZookeeperClient().getConnectionTimeoutMs();
		try {
			if (!this.reconnected.await(timeout, TimeUnit.MILLISECONDS)) {
				logger.debug(
						"No reconnection within {} ms after an UNIMPLEMENTED answer: the server kept the connection",
						timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for ZooKeeper to reconnect");
		}
	}

	@Override
	public void close() {
		this.client.getConnectionStateListenable().removeListener(this.listener);
	}

}
