package org.backplane.zookeeper;

import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * Starts Curator's in-process ZooKeeper on 127.0.0.1 (admin server off, TTL nodes on) and
 * connects clients to it. Fails loudly when the server cannot start.
 */
final class TestZooKeeper {

	static final String DIGEST = "backup:secret";

	private TestZooKeeper() {
	}

	static TestingServer start() throws Exception {
		// the server runs in this JVM: extended types (TTL nodes) are switched on by a
		// system property
		System.setProperty("zookeeper.extendedTypesEnabled", "true");
		// throwaway data: no fsync per transaction batch, which only slows the tests down
		System.setProperty("zookeeper.forceSync", "no");
		InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 2000, -1,
				Map.of("clientPortAddress", "127.0.0.1", "admin.enableServer", "false"), "127.0.0.1");
		TestingServer server = new TestingServer(spec, true);
		return server;
	}

	static CuratorFramework connect(TestingServer server) throws Exception {
		return ZooKeeperClients
			.connect(new ZooKeeperClients.Settings(server.getConnectString(), null, null, DIGEST, null));
	}

}
