package org.backplane.service.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.azure.storage.blob.BlobServiceClientBuilder;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.source.directory.DirectoryTrees;
import org.backplane.service.store.BackupStore;
import org.backplane.service.testservers.AzuriteServer;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backup, restore and delete through the whole service (API, runner, catalogue) to named
 * S3 and Azure locations on real S3Proxy and Azurite processes, with a synthetic source
 * and with the real {@code directory} and {@code zookeeper} sources (a Curator
 * TestingServer). Credentials come from the locations' credentials maps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.files.type=directory", "backplane.components.app.type=zookeeper",
				"backplane.components.app.path=/app", "backplane.components.cloudy.type=synthetic",
				"backplane.components.cloudy.items=40", "backplane.components.cloudy.item-size=200000",
				"backplane.components.cloudy.restore-policy=overwrite", "backplane.runner.polling-interval=200ms",
				"server.address=127.0.0.1" })
class CloudStorageRoundTripIntegrationTests {

	private static final Path HOME = ServiceHome.newDirectory("cloud");

	private static TestingServer zookeeper;

	@LocalServerPort
	int port;

	static synchronized TestingServer zookeeper() {
		if (zookeeper == null) {
			try {
				zookeeper = new TestingServer(
						new InstanceSpec(null, -1, -1, -1, true, -1, 2000, -1,
								Map.of("clientPortAddress", "127.0.0.1", "admin.enableServer", "false"), "127.0.0.1"),
						true);
			}
			catch (Exception ex) {
				throw new IllegalStateException("ZooKeeper TestingServer did not start", ex);
			}
		}
		return zookeeper;
	}

	@AfterAll
	static void stopZooKeeper() throws Exception {
		if (zookeeper != null) {
			zookeeper.close();
		}
	}

	@Autowired
	StorageLocations locations;

	@DynamicPropertySource
	static void locations(DynamicPropertyRegistry registry) {
		S3ProxyServer s3 = TestServers.s3proxy();
		s3.createBucket("roundtrip");
		AzuriteServer azurite = TestServers.azurite();
		new BlobServiceClientBuilder().connectionString(azurite.connectionString())
			.buildClient()
			.getBlobContainerClient("roundtrip")
			.createIfNotExists();
		try {
			Files.createDirectories(HOME.resolve("files"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		registry.add("backplane.home", () -> HOME.toString());
		registry.add("backplane.components.files.paths[0]", () -> HOME.resolve("files").toString());
		registry.add("backplane.components.app.connect-string", () -> zookeeper().getConnectString());
		registry.add("backplane.storage.locations.s3.uri",
				() -> "s3://roundtrip/backplane?endpoint=" + s3.endpoint() + "&checksums=when_required");
		registry.add("backplane.storage.locations.s3.credentials[AWS_ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.storage.locations.s3.credentials[AWS_SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.storage.locations.azure.uri",
				() -> "azure://" + AzuriteServer.ACCOUNT + "/roundtrip/backplane?endpoint=" + azurite.blobEndpoint());
		registry.add("backplane.storage.locations.azure.credentials[AZURE_STORAGE_KEY]",
				() -> AzuriteServer.ACCOUNT_KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "s3", "azure" })
	void backupRestoreAndDeleteRoundTrip(String location) throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		SyntheticSource.GENERATIONS.put("cloudy", 3);
		BackupResponse created = client
			.createBackup(new CreateBackupRequest("to-" + location, List.of("cloudy"), location, null));
		BackupResponse ready = await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getBackup(created.id()), (b) -> b.status() != BackupStatus.STATUS_BACKING_UP);
		assertThat(ready.status()).as(ready.errorReason()).isEqualTo(BackupStatus.STATUS_READY);
		assertThat(ready.storageLocation()).startsWith(location);
		StorageProvider provider = this.locations.provider(location);
		try (Stream<StorageObject> objects = provider.list("backups/" + created.id() + "/")) {
			assertThat(objects.map(StorageObject::key)).contains(BackupStore.manifestKey(created.id()),
					ready.components().get("cloudy").artifactKey());
		}
		assertThat(provider.describe()).doesNotContain(S3ProxyServer.SECRET_KEY)
			.doesNotContain(AzuriteServer.ACCOUNT_KEY);

		SyntheticSource.TARGETS.remove("cloudy");
		SyntheticSource.GENERATIONS.put("cloudy", 4);
		RestoreResponse restore = client.createRestore(created.id(), new CreateRestoreRequest("overwrite"));
		RestoreResponse restored = await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getRestore(created.id(), restore.id()),
					(r) -> r.status() != RestoreStatus.STATUS_RESTORING);
		assertThat(restored.status()).as(restored.errorReason()).isEqualTo(RestoreStatus.STATUS_READY);
		assertThat(SyntheticSource.TARGETS).containsEntry("cloudy", 3);

		client.deleteBackup(created.id());
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			try (Stream<StorageObject> objects = provider.list("backups/" + created.id() + "/")) {
				assertThat(objects).isEmpty();
			}
		});
	}

	/**
	 * The real sources through each cloud provider: a randomized directory tree and a
	 * ZooKeeper subtree (binary and empty data, a read-only ACL, an ephemeral left out)
	 * are backed up, changed, restored with {@code overwrite}, and compared entry by
	 * entry and znode by znode.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "s3", "azure" })
	void directoryAndZooKeeperSourcesRoundTrip(String location) throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		Path files = HOME.resolve("files");
		Path expected = HOME.resolve("expected-" + location);
		long seed = location.hashCode();
		FileSystemUtils.deleteRecursively(files);
		DirectoryTrees.createRandomTree(files, seed, 300);
		try (CuratorFramework curator = CuratorFrameworkFactory.newClient(zookeeper().getConnectString(),
				new RetryNTimes(3, 100))) {
			curator.start();
			curator.blockUntilConnected();
			ZooKeeper zk = curator.getZookeeperClient().getZooKeeper();
			if (zk.exists("/app", false) != null) {
				ZKUtil.deleteRecursive(zk, "/app");
			}
			Random random = new Random(seed);
			zk.create("/app", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
			for (int i = 0; i < 20; i++) {
				zk.create("/app/group-" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
				for (int j = 0; j < 10; j++) {
					byte[] data = new byte[random.nextInt(3000)];
					random.nextBytes(data);
					zk.create("/app/group-" + i + "/node ü-" + j, data,
							(j == 0) ? ZooDefs.Ids.READ_ACL_UNSAFE : ZooDefs.Ids.OPEN_ACL_UNSAFE,
							CreateMode.PERSISTENT);
				}
			}
			zk.create("/app/session", "live".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
			Map<String, String> before = znodes(zk, "/app");
			before.remove("/app/session");

			BackupResponse created = client
				.createBackup(new CreateBackupRequest("real-" + location, List.of("files", "app"), location, null));
			BackupResponse ready = await().atMost(Duration.ofMinutes(2))
				.until(() -> client.getBackup(created.id()), (b) -> b.status() != BackupStatus.STATUS_BACKING_UP);
			assertThat(ready.status()).as(ready.errorReason()).isEqualTo(BackupStatus.STATUS_READY);
			assertThat(ready.components().get("app").progress().itemsDone()).isEqualTo(before.size());

			// the live state moves on
			zk.delete("/app/session", -1);
			zk.setData("/app/group-3", "changed".getBytes(), -1);
			ZKUtil.deleteRecursive(zk, "/app/group-5");
			zk.create("/app/extra", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
			FileSystemUtils.deleteRecursively(expected);
			Files.move(files, expected);
			Files.createDirectories(files.resolve("stray"));

			RestoreResponse restore = client.createRestore(created.id(), new CreateRestoreRequest("overwrite"));
			RestoreResponse restored = await().atMost(Duration.ofMinutes(2))
				.until(() -> client.getRestore(created.id(), restore.id()),
						(r) -> r.status() != RestoreStatus.STATUS_RESTORING);
			assertThat(restored.status()).as(restored.errorReason()).isEqualTo(RestoreStatus.STATUS_READY);
			DirectoryTrees.assertSameTree(expected, files);
			assertThat(znodes(zk, "/app")).isEqualTo(before);
			client.deleteBackup(created.id());
			if (restored.safetyBackupId() != null) {
				client.deleteBackup(restored.safetyBackupId());
			}
		}
	}

	/** Every znode under a root: path → data (base64, or "null") and ACL. */
	private static Map<String, String> znodes(ZooKeeper zk, String root) throws Exception {
		Map<String, String> found = new TreeMap<>();
		Deque<String> pending = new ArrayDeque<>(List.of(root));
		while (!pending.isEmpty()) {
			String path = pending.pop();
			byte[] data = zk.getData(path, false, null);
			found.put(path, ((data != null) ? Base64.getEncoder().encodeToString(data) : "null") + " "
					+ zk.getACL(path, new Stat()));
			for (String child : zk.getChildren(path, false)) {
				pending.push(path.equals("/") ? "/" + child : path + "/" + child);
			}
		}
		return found;
	}

}
