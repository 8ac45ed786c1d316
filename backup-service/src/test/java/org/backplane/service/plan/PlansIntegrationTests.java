package org.backplane.service.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testservers.AzuriteServer;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code nodes} components on a real S3Proxy and Azurite: through the normal API (one
 * artifact per node) and through the DC/OS SDK plan API. Two components of three node
 * folders each with random content, {@code cassandra} (serial) and {@code fast}
 * (parallel); their hooks run {@code hook.sh}, which fails a node's hook when the test
 * leaves a {@code fail-<hook>-<node>} file and sleeps when it leaves {@code slow}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.cassandra.type=nodes", "backplane.components.fast.type=nodes",
				"backplane.components.fast.strategy=parallel", "backplane.storage.default-location=s3",
				"backplane.runner.polling-interval=200ms", "server.address=127.0.0.1" })
class PlansIntegrationTests {

	static final Path HOME = ServiceHome.newDirectory("plans");

	static final String BUCKET = "plans";

	@LocalServerPort
	int port;

	BackplaneClient client;

	@DynamicPropertySource
	static void configure(DynamicPropertyRegistry registry) {
		S3ProxyServer s3 = TestServers.s3proxy();
		s3.createBucket(BUCKET);
		AzuriteServer azurite = TestServers.azurite();
		com.azure.storage.blob.BlobServiceClient blobs = new com.azure.storage.blob.BlobServiceClientBuilder()
			.connectionString(azurite.connectionString())
			.buildClient();
		blobs.getBlobContainerClient(BUCKET).createIfNotExists();
		Path hook = HOME.resolve("hook.sh");
		try {
			Files.createDirectories(HOME);
			Files.writeString(hook, """
					#!/bin/sh
					# $1 hook, $2 node index, $3 snapshot name
					dir=$(dirname "$0")
					if [ -e "$dir/fail-$1-$2" ]; then echo "refused by the test for node $2" >&2; exit 7; fi
					if [ -e "$dir/slow" ]; then sleep 1; fi
					exit 0
					""");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		registry.add("backplane.home", HOME::toString);
		for (String component : List.of("cassandra", "fast")) {
			for (int i = 0; i < 3; i++) {
				int node = i;
				registry.add("backplane.components." + component + ".nodes[" + i + "]",
						() -> node(component, node).toString());
			}
			for (String point : List.of("before-backup", "after-backup", "before-restore", "after-restore")) {
				registry.add("backplane.components." + component + ".hooks." + point,
						() -> "sh," + hook + "," + point + ",{NODE_INDEX},{SNAPSHOT_NAME}");
			}
		}
		registry.add("backplane.storage.locations.s3.uri",
				() -> "s3://" + BUCKET + "?endpoint=" + s3.endpoint() + "&checksums=when_required");
		registry.add("backplane.storage.locations.s3.credentials[AWS_ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.storage.locations.s3.credentials[AWS_SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.storage.locations.azure.uri",
				() -> "azure://" + AzuriteServer.ACCOUNT + "/" + BUCKET + "?endpoint=" + azurite.blobEndpoint());
		registry.add("backplane.storage.locations.azure.credentials[AZURE_STORAGE_KEY]",
				() -> AzuriteServer.ACCOUNT_KEY);
	}

	static Path node(String component, int node) {
		return HOME.resolve("data").resolve(component).resolve("node-" + node);
	}

	@BeforeEach
	void setUp() throws IOException {
		this.client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		try (Stream<Path> markers = Files.list(HOME)) {
			for (Path marker : markers.filter(
					(p) -> p.getFileName().toString().startsWith("fail-") || p.getFileName().toString().equals("slow"))
				.toList()) {
				Files.delete(marker);
			}
		}
	}

	/**
	 * Fills a component's node folders with random files (different per node and seed).
	 * @return each node's files and their content
	 */
	static List<Map<String, byte[]>> fill(String component, long seed) throws IOException {
		List<Map<String, byte[]>> nodes = new ArrayList<>();
		Random random = new Random(seed);
		for (int i = 0; i < 3; i++) {
			Path folder = node(component, i);
			FileSystemUtils.deleteRecursively(folder);
			Map<String, byte[]> files = new TreeMap<>();
			files.put("schema.cql", ("CREATE KEYSPACE ks" + i + ";").getBytes());
			for (int f = 0; f < 4; f++) {
				byte[] data = new byte[random.nextInt(200_000)];
				random.nextBytes(data);
				files.put("ks" + i + "/table-" + f + "/nb-" + f + "-big-Data.db", data);
			}
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				Path path = folder.resolve(file.getKey());
				Files.createDirectories(path.getParent());
				Files.write(path, file.getValue());
			}
			nodes.add(files);
		}
		return nodes;
	}

	static void empty(String component) throws IOException {
		for (int i = 0; i < 3; i++) {
			FileSystemUtils.deleteRecursively(node(component, i));
			Files.createDirectories(node(component, i));
		}
	}

	static void assertRestored(String component, List<Map<String, byte[]>> expected) throws IOException {
		for (int i = 0; i < 3; i++) {
			Path folder = node(component, i);
			Map<String, byte[]> actual = new TreeMap<>();
			try (Stream<Path> tree = Files.walk(folder)) {
				for (Path file : tree.filter(Files::isRegularFile).toList()) {
					actual.put(folder.relativize(file).toString(), Files.readAllBytes(file));
				}
			}
			assertThat(actual).as("node %d", i).containsOnlyKeys(expected.get(i).keySet());
			expected.get(i).forEach((name, data) -> assertThat(actual.get(name)).as(name).isEqualTo(data));
		}
	}

	@Test
	void normalApiBacksUpEachNodeAsItsOwnArtifactAndRestoresIt() throws IOException {
		List<Map<String, byte[]>> content = fill("cassandra", 1);
		BackupResponse created = this.client
			.createBackup(new CreateBackupRequest("nodes-api", List.of("cassandra"), null, null));
		BackupResponse ready = await().atMost(Duration.ofMinutes(1))
			.until(() -> this.client.getBackup(created.id()), (b) -> b.status() != BackupStatus.STATUS_BACKING_UP);
		assertThat(ready.status()).as(ready.errorReason()).isEqualTo(BackupStatus.STATUS_READY);
		assertThat(ready.components().get("cassandra").artifactKey())
			.isEqualTo("backups/" + created.id() + "/cassandra.nodes.json");
		assertThat(S3Listing.keys(BUCKET, "backups/" + created.id() + "/")).containsExactlyInAnyOrder(
				"backups/" + created.id() + "/backup.json", "backups/" + created.id() + "/cassandra.nodes.json",
				"backups/" + created.id() + "/cassandra/node-0.tar.gz",
				"backups/" + created.id() + "/cassandra/node-1.tar.gz",
				"backups/" + created.id() + "/cassandra/node-2.tar.gz");

		RestoreResponse refused = this.client.createRestore(created.id(), new CreateRestoreRequest((String) null));
		RestoreResponse failed = await().atMost(Duration.ofMinutes(1))
			.until(() -> this.client.getRestore(created.id(), refused.id()),
					(r) -> r.status() != RestoreStatus.STATUS_RESTORING);
		assertThat(failed.status()).isEqualTo(RestoreStatus.STATUS_ERROR);
		assertThat(failed.errorReason()).contains("Node 0 of component 'cassandra'", "is not empty", "fail-if-exists");

		empty("cassandra");
		RestoreResponse restore = this.client.createRestore(created.id(), new CreateRestoreRequest((String) null));
		RestoreResponse restored = await().atMost(Duration.ofMinutes(1))
			.until(() -> this.client.getRestore(created.id(), restore.id()),
					(r) -> r.status() != RestoreStatus.STATUS_RESTORING);
		assertThat(restored.status()).as(restored.errorReason()).isEqualTo(RestoreStatus.STATUS_READY);
		assertRestored("cassandra", content);
	}

}
