package org.backplane.service.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A ZooKeeper server for one test class: Curator's in-process {@code TestingServer} on a
 * free loopback port (admin server off), or under {@code -Pcontainers} a ZooKeeper
 * container ({@link TestServers#containers()}).
 */
public final class ZooKeeperTestServer implements AutoCloseable {

	private final Runnable stop;

	private final String connectString;

	private ZooKeeperTestServer(Runnable stop, String connectString) {
		this.stop = stop;
		this.connectString = connectString;
	}

	/**
	 * Starts a server.
	 * @return the server
	 */
	public static ZooKeeperTestServer start() {
		if (TestServers.containers()) {
			Containers.Started zookeeper = Containers.zookeeper();
			return new ZooKeeperTestServer(zookeeper.stop(),
					zookeeper.endpoint().getHost() + ":" + zookeeper.endpoint().getPort());
		}
		try {
			TestingServer server = new TestingServer(
					new InstanceSpec(null, -1, -1, -1, true, -1, 2000, -1,
							Map.of("clientPortAddress", "127.0.0.1", "admin.enableServer", "false"), "127.0.0.1"),
					true);
			return new ZooKeeperTestServer(() -> {
				try {
					server.close();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, server.getConnectString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot start ZooKeeper's TestingServer", ex);
		}
	}

	/**
	 * @return {@code host:port}
	 */
	public String getConnectString() {
		return this.connectString;
	}

	@Override
	public void close() {
		this.stop.run();
	}

}
