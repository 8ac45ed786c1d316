package org.backplane.zookeeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup and restore against servers older than the client: ZooKeeper 3.4.14 (the last
 * 3.4 release) and 3.5.10, their jars copied from Maven Central into
 * {@code target/test-servers/zookeeper-<version>} by the build and run in their own JVM.
 * A server before 3.6 knows neither batched reads nor the children count, answers them
 * {@code UNIMPLEMENTED} and drops the connection, and the walk must go on one znode at a
 * time with the same result.
 */
class OlderZooKeeperIntegrationTests {

	@TempDir
	Path dir;

	private ZooKeeperProcess server;

	private int port;

	private void start(String version, Path serverDir) throws Exception {
		Path jarDirectory = Path.of("target", "test-servers", "zookeeper-" + version);
		List<Path> jars;
		try (Stream<Path> files = Files.list(jarDirectory)) {
			jars = files.filter((file) -> file.toString().endsWith(".jar")).sorted().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No ZooKeeper " + version + " jars in " + jarDirectory.toAbsolutePath()
					+ ": run the tests through Maven, which copies them there (maven-dependency-plugin)", ex);
		}
		this.port = ZooKeeperProcess.freePort();
		this.server = ZooKeeperProcess.start(Files.createDirectories(serverDir),
				jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)), List.of(), this.port,
				List.of("clientPort=" + this.port, "clientPortAddress=127.0.0.1", "admin.enableServer=false"));
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "3.4.14", "3.5.10" })
	void backsUpAndRestoresOneZnodeAtATime(String version) throws Exception {
		start(version, this.dir.resolve("server"));
		CuratorFramework connected;
		try {
			connected = ZooKeeperClients.connect(
					new ZooKeeperClients.Settings("127.0.0.1:" + this.port, null, Duration.ofSeconds(30), null, null));
		}
		catch (IOException ex) {
			// An older server in its own JVM twice in ~15 CI runs opened its port and
			// then
			// did not serve (once within 15 s, once within 60 s): what this test is about
			// is the engine against that server, so the server is started again once, on
			// a new port, and what the first one logged is shown
			Path log = this.dir.resolve("server/server.log");
			System.err.println("*** ZooKeeper " + version + " on port " + this.port + " did not serve within 30 s ("
					+ ex.getMessage() + "); starting it again on a new port, once. Its log:\n"
					+ (Files.exists(log) ? Files.readString(log) : "(none)"));
			stopServer();
			start(version, this.dir.resolve("server-again"));
			connected = ZooKeeperClients.connect(
					new ZooKeeperClients.Settings("127.0.0.1:" + this.port, null, Duration.ofSeconds(60), null, null));
		}
		try (CuratorFramework client = connected) {
			ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
			int znodes = 1;
			create(zk, "/old", "root".getBytes(StandardCharsets.UTF_8));
			for (int i = 0; i < 20; i++) {
				create(zk, "/old/n" + i, ("data " + i).getBytes(StandardCharsets.UTF_8));
				znodes++;
				for (int j = 0; j < 10; j++) {
					// no data at all on every third, as ZooKeeper keeps it apart from
					// empty data
					create(zk, "/old/n" + i + "/m" + j, (j % 3 == 0) ? null : new byte[i * j]);
					znodes++;
				}
			}
			Map<String, String> before = tree(zk, "/old");
			assertThat(before).hasSize(znodes);

			ZooKeeperBackup.Census exact = ZooKeeperBackup.count(client, "/old", List.of());
			assertThat(exact.znodes()).isEqualTo(znodes);
			ZooKeeperBackup.Census fast = ZooKeeperBackup.count(client, "/old", List.of(),
					ZooKeeperBackup.CountMode.FAST);
			assertThat(fast.znodes()).as("the fast count falls back to counting").isEqualTo(znodes);

			ByteArrayOutputStream artifact = new ByteArrayOutputStream();
			ZooKeeperBackup.Result written = ZooKeeperBackup.write(client,
					ZooKeeperBackup.Options.of("/old", List.of()), artifact, ZooKeeperProgress.NONE);
			assertThat(written.znodes()).isEqualTo(znodes);
			assertThat(written.batchedReads()).as("a server before 3.6 reads one znode at a time").isZero();

			ZooKeeperRestore.Result restored = ZooKeeperRestore.read(client,
					new ByteArrayInputStream(artifact.toByteArray()),
					ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS).withTargetPath("/copy"),
					ZooKeeperProgress.NONE);
			assertThat(restored.znodes()).isEqualTo(znodes);
			assertThat(tree(zk, "/copy")).isEqualTo(before);
		}
	}

	private static void create(ZooKeeper zk, String path, byte[] data) throws Exception {
		zk.create(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
	}

	/**
	 * @return relative path → data in hex ("null" for no data) of every znode of the
	 * subtree
	 */
	private static Map<String, String> tree(ZooKeeper zk, String root) throws Exception {
		Map<String, String> tree = new TreeMap<>();
		collect(zk, root, "", tree);
		return tree;
	}

	private static void collect(ZooKeeper zk, String root, String relative, Map<String, String> tree) throws Exception {
		byte[] data = zk.getData(root + relative, false, null);
		tree.put(relative.isEmpty() ? "/" : relative, (data != null) ? HexFormat.of().formatHex(data) : "null");
		for (String child : zk.getChildren(root + relative, false)) {
			collect(zk, root, relative + "/" + child, tree);
		}
	}

}
