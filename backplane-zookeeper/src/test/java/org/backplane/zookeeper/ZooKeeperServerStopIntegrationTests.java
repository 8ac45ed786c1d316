package org.backplane.zookeeper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZooKeeperServerStopIntegrationTests {

	private static final int SIZE = 20_000;

	@Test
	void serverStoppedMidBackupFailsWithClearReasonAndTheNextBackupAfterARestartSucceeds() throws Exception {
		try (TestingServer server = TestZooKeeper.start()) {
			try (CuratorFramework client = TestZooKeeper.connect(server)) {
				createTree(client.getZookeeperClient().getZooKeeper(), "/big", SIZE);
				AtomicLong written = new AtomicLong();
				AtomicBoolean stopped = new AtomicBoolean();
				assertThatExceptionOfType(ZooKeeperException.class).isThrownBy(() -> ZooKeeperBackup.write(client,
						"/big", null, new ByteArrayOutputStream(), (znodes, bytes) -> {
							if (written.addAndGet(znodes) == 2_000 && stopped.compareAndSet(false, true)) {
								try {
									server.stop();
								}
								catch (IOException ex) {
									throw new UncheckedIOException(ex);
								}
							}
						}))
					.withMessageContaining("lost the connection to ZooKeeper");
				assertThat(stopped).isTrue();
				assertThat(written.get()).isLessThan(SIZE + 1);
			}
			server.restart();
			try (CuratorFramework client = TestZooKeeper.connect(server)) {
				ZooKeeperBackup.Result result = ZooKeeperBackup.write(client, "/big", null, new ByteArrayOutputStream(),
						null);
				assertThat(result.znodes()).isEqualTo(SIZE + 1);
			}
		}
	}

	@Test
	void unreachableServerFailsToConnectNamingTheConnectString() {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> ZooKeeperClients.connect(new ZooKeeperClients.Settings("127.0.0.1:1", null,
					java.time.Duration.ofSeconds(1), "user:password", null)))
			.withMessageContaining("Cannot connect to ZooKeeper at 127.0.0.1:1")
			.withMessageNotContaining("password");
	}

	/**
	 * Creates {@code size} znodes below {@code root}, nested three levels deep, with
	 * pipelined creates.
	 */
	static void createTree(ZooKeeper zk, String root, int size) throws Exception {
		Semaphore window = new Semaphore(1000);
		zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		byte[] data = new byte[200];
		int created = 0;
		for (int a = 0; created < size; a++) {
			String first = root + "/a" + a;
			window.acquire();
			zk.create(first, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
					(rc, path, ctx, name) -> window.release(), null);
			created++;
			for (int b = 0; b < 30 && created < size; b++) {
				String second = first + "/b" + b;
				window.acquire();
				zk.create(second, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
						(rc, path, ctx, name) -> window.release(), null);
				created++;
				for (int c = 0; c < 3 && created < size; c++) {
					window.acquire();
					zk.create(second + "/c" + c, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
							(rc, path, ctx, name) -> window.release(), null);
					created++;
				}
			}
		}
		window.acquire(1000);
		window.release(1000);
	}

}
