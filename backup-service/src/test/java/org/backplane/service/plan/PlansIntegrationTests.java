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
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code nodes} components on a real S3Proxy and Azurite: through the normal API (one
 * artifact per node) and through the DC/OS SDK plan API. Three components of three node
 * folders each with random content, {@code cassandra} and {@code ledger} (serial) and
 * {@code fast} (parallel), on a runner of two threads; their hooks run {@code hook.sh},
 * which fails a node's hook when the test leaves a {@code fail-<hook>-<node>} file and
 * sleeps when it leaves {@code slow}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.cassandra.type=nodes", "backplane.components.fast.type=nodes",
				"backplane.components.fast.strategy=parallel", "backplane.components.ledger.type=nodes",
				"backplane.storage.default-location=s3", "backplane.runner.polling-interval=200ms",
				"backplane.runner.threads=2", "backplane.runner.heartbeat-interval=500ms",
				"backplane.runner.stale-after=3s", "backplane.runner.reaper-interval=1s", "server.address=127.0.0.1" })
class PlansIntegrationTests {

	static final Path HOME = ServiceHome.newDirectory("plans");

	static final String BUCKET = "plans";

	@LocalServerPort
	int port;

	BackplaneClient client;

	Http http;

	static final JsonMapper json = JsonMapper.builder().build();

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
		for (String component : List.of("cassandra", "fast", "ledger")) {
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
		this.http = new Http(this.port);
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

	static String s3Parameters(String component, String snapshot) {
		return "{\"COMPONENT\": \"" + component + "\", \"SNAPSHOT_NAME\": \"" + snapshot + "\", \"S3_BUCKET_NAME\": \""
				+ BUCKET + "\", \"AWS_ACCESS_KEY_ID\": \"" + S3ProxyServer.ACCESS_KEY
				+ "\", \"AWS_SECRET_ACCESS_KEY\": \"" + S3ProxyServer.SECRET_KEY + "\"}";
	}

	static String azureParameters(String component, String snapshot) {
		return "{\"COMPONENT\": \"" + component + "\", \"SNAPSHOT_NAME\": \"" + snapshot + "\", \"CONTAINER_NAME\": \""
				+ BUCKET + "\", \"AZURE_STORAGE_KEY\": \"" + AzuriteServer.ACCOUNT_KEY + "\"}";
	}

	void start(String plan, String parameters) {
		java.net.http.HttpResponse<String> started = this.http.postJson("/v1/plans/" + plan + "/start", parameters);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		assertThat(started.body()).contains("Received cmd: start " + plan)
			.doesNotContain(S3ProxyServer.SECRET_KEY)
			.doesNotContain(AzuriteServer.ACCOUNT_KEY);
	}

	/**
	 * Waits until the plan is neither pending nor in progress; returns its status code
	 * and body.
	 */
	PlanState awaitEnd(String plan) {
		return org.awaitility.Awaitility.await()
			.atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> plan(plan), (state) -> state.code() != 202);
	}

	PlanState plan(String plan) {
		java.net.http.HttpResponse<String> response = this.http.get("/v1/plans/" + plan);
		assertThat(response.body()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(AzuriteServer.ACCOUNT_KEY);
		return new PlanState(response.statusCode(), json.readTree(response.body()));
	}

	static List<String> expectedKeys(String snapshot, List<Map<String, byte[]>> content) {
		List<String> keys = new ArrayList<>(
				List.of(snapshot + "/backplane-backup.json", snapshot + "/backplane-nodes.json"));
		for (int i = 0; i < content.size(); i++) {
			for (String file : content.get(i).keySet()) {
				keys.add(snapshot + "/node-" + i + "/" + file);
			}
		}
		return keys;
	}

	@Test
	void backupS3WritesTheDcosLayoutAndRestoreS3RefusesExistingDataThenRestoresIdentically() throws IOException {
		List<Map<String, byte[]>> content = fill("cassandra", 2);
		assertThat(this.http.get("/v1/plans").body())
			.isEqualTo("[\"backup-s3\",\"backup-azure\",\"restore-s3\",\"restore-azure\"]");
		start("backup-s3", s3Parameters("cassandra", "snap-serial"));
		PlanState done = awaitEnd("backup-s3");
		assertThat(done.code()).as(done.body().toString()).isEqualTo(200);
		assertThat(done.status()).isEqualTo("COMPLETE");
		assertThat(done.stepStatuses()).containsExactly("COMPLETE", "COMPLETE", "COMPLETE");
		assertThat(done.stepName(1)).isEqualTo("node-1:[backup]");
		assertThat(done.message(1)).contains("before-backup ok", "after-backup ok", "sha256");
		assertThat(done.body().get("phases").get(0).get("strategy").asString()).isEqualTo("serial");
		Map<String, Long> listed = S3Listing.sizes(BUCKET, "snap-serial/");
		assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys("snap-serial", content));
		for (int i = 0; i < 3; i++) {
			for (Map.Entry<String, byte[]> file : content.get(i).entrySet()) {
				assertThat(listed.get("snap-serial/node-" + i + "/" + file.getKey())).isEqualTo(file.getValue().length);
			}
		}
		assertThat(this.client.dcosList("snap-serial")).singleElement()
			.satisfies((info) -> assertThat(info.status()).isEqualTo("STATUS_READY"));

		start("restore-s3", s3Parameters("cassandra", "snap-serial"));
		PlanState refused = awaitEnd("restore-s3");
		assertThat(refused.code()).isEqualTo(417);
		assertThat(refused.status()).isEqualTo("ERROR");
		assertThat(refused.message(0)).contains("is not empty", "fail-if-exists", "remove the folder's content");
		assertThat(refused.body().get("errors").get(0).asString()).contains("is not empty");

		empty("cassandra");
		start("restore-s3", s3Parameters("cassandra", "snap-serial"));
		PlanState restored = awaitEnd("restore-s3");
		assertThat(restored.code()).as(restored.body().toString()).isEqualTo(200);
		assertThat(restored.stepStatuses()).containsExactly("COMPLETE", "COMPLETE", "COMPLETE");
		assertThat(restored.message(2)).contains("sha256 verified").doesNotContain("warning");
		assertRestored("cassandra", content);
	}

	@Test
	void parallelBackupS3AndAzureRoundTrip() throws IOException {
		List<Map<String, byte[]>> content = fill("fast", 3);
		start("backup-s3", s3Parameters("fast", "snap-parallel"));
		PlanState s3 = awaitEnd("backup-s3");
		assertThat(s3.code()).as(s3.body().toString()).isEqualTo(200);
		assertThat(s3.body().get("phases").get(0).get("strategy").asString()).isEqualTo("parallel");
		assertThat(S3Listing.keys(BUCKET, "snap-parallel/"))
			.containsExactlyInAnyOrderElementsOf(expectedKeys("snap-parallel", content));

		String backupId = this.client.dcosList("snap-parallel").get(0).id();
		this.client.deleteBackup(backupId);
		assertThat(S3Listing.keys(BUCKET, "snap-parallel/")).as("deleting the backup deletes the snapshot").isEmpty();
		PlanState forgotten = plan("backup-s3");
		assertThat(forgotten.code()).isEqualTo(202);
		assertThat(forgotten.status()).isEqualTo("PENDING");

		start("backup-azure", azureParameters("fast", "snap-azure"));
		PlanState azure = awaitEnd("backup-azure");
		assertThat(azure.code()).as(azure.body().toString()).isEqualTo(200);
		assertThat(AzureListing.names(BUCKET, "snap-azure/")).containsExactlyInAnyOrder(
				"snap-azure/backplane-backup.json", "snap-azure/backplane-nodes.json", "snap-azure/node-0.tar.gz",
				"snap-azure/node-1.tar.gz", "snap-azure/node-2.tar.gz");

		empty("fast");
		start("restore-azure", azureParameters("fast", "snap-azure"));
		PlanState restored = awaitEnd("restore-azure");
		assertThat(restored.code()).as(restored.body().toString()).isEqualTo(200);
		assertRestored("fast", content);
	}

	@Test
	void snapshotsLaidOutByThePlainToolsRestoreWithAWarning() throws Exception {
		List<Map<String, byte[]>> content = fill("cassandra", 4);
		for (int i = 0; i < 3; i++) {
			for (Map.Entry<String, byte[]> file : content.get(i).entrySet()) {
				S3Listing.put(BUCKET, "plain-upload/node-" + i + "/" + file.getKey(), file.getValue());
			}
			// what the data service's Azure plan does: tar czf of the snapshot, at the
			// container's root
			Path archive = HOME.resolve("node-" + i + ".tar.gz");
			Process tar = new ProcessBuilder("tar", "czf", archive.toString(), "-C", node("cassandra", i).toString(),
					".")
				.inheritIO()
				.start();
			assertThat(tar.waitFor()).isZero();
			AzureListing.upload(BUCKET, "node-" + i + ".tar.gz", Files.readAllBytes(archive));
		}
		empty("cassandra");
		start("restore-s3", s3Parameters("cassandra", "plain-upload"));
		PlanState s3 = awaitEnd("restore-s3");
		assertThat(s3.code()).as(s3.body().toString()).isEqualTo(200);
		assertThat(s3.message(0)).contains("no Backplane manifest", "sizes checked");
		assertRestored("cassandra", content);

		empty("cassandra");
		start("restore-azure", azureParameters("cassandra", "made-by-cassandra"));
		PlanState azure = awaitEnd("restore-azure");
		assertThat(azure.code()).as(azure.body().toString()).isEqualTo(200);
		assertThat(azure.message(1)).contains("node-1.tar.gz", "no Backplane manifest");
		assertRestored("cassandra", content);
	}

	@Test
	void failingHookFailsExactlyItsStep() throws IOException {
		fill("cassandra", 5);
		Files.createFile(HOME.resolve("fail-before-backup-1"));
		start("backup-s3", s3Parameters("cassandra", "snap-hook"));
		PlanState failed = awaitEnd("backup-s3");
		assertThat(failed.code()).isEqualTo(417);
		assertThat(failed.stepStatuses()).containsExactly("COMPLETE", "ERROR", "PENDING");
		assertThat(failed.message(1))
			.isEqualTo("Hook before-backup of node 1 exited with 7: refused by the test for node 1");
		assertThat(failed.body().get("errors").get(0).asString()).contains("Node 1", "refused by the test");
		assertThat(S3Listing.keys(BUCKET, "snap-hook/")).as("a failed backup leaves nothing").isEmpty();
	}

	/**
	 * Two stopped plans on a runner of two threads: they wait without holding a thread
	 * (another backup runs meanwhile) and without being reaped (they wait longer than
	 * stale-after); continued, each finishes the same run, skipping the node it had
	 * backed up, and restores byte-identical, one of them through a restore stopped and
	 * continued too.
	 */
	@Test
	void stoppedPlansHoldNoRunnerThreadAndContinueFinishes() throws Exception {
		List<Map<String, byte[]>> cassandra = fill("cassandra", 6);
		List<Map<String, byte[]>> ledger = fill("ledger", 7);
		fill("fast", 8);
		Files.createFile(HOME.resolve("slow"));
		start("backup-s3", s3Parameters("cassandra", "snap-stop"));
		stopDuringFirstStep("backup-s3");
		start("backup-azure", azureParameters("ledger", "snap-wait"));
		stopDuringFirstStep("backup-azure");
		for (String plan : List.of("backup-s3", "backup-azure")) {
			PlanState waiting = org.awaitility.Awaitility.await()
				.atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> plan(plan), (state) -> state.stepStatuses().get(0).equals("COMPLETE"));
			assertThat(waiting.code()).isEqualTo(202);
			assertThat(waiting.status()).isEqualTo("WAITING");
			assertThat(waiting.stepStatuses()).containsExactly("COMPLETE", "PENDING", "PENDING");
		}
		assertThat(
				this.http.postJson("/v1/plans/backup-s3/start", s3Parameters("cassandra", "snap-other")).statusCode())
			.isEqualTo(409);
		Files.delete(HOME.resolve("slow"));

		// both runner threads would be taken if the waiting plans held them
		BackupResponse other = this.client
			.createBackup(new CreateBackupRequest("while-waiting", List.of("fast"), null, null));
		BackupResponse otherDone = await().atMost(Duration.ofMinutes(1))
			.until(() -> this.client.getBackup(other.id()), (b) -> b.status() != BackupStatus.STATUS_BACKING_UP);
		assertThat(otherDone.status()).as(otherDone.errorReason()).isEqualTo(BackupStatus.STATUS_READY);
		// waiting beyond stale-after (3s, reaper every 1s): the parked runs are not
		// reaped
		Thread.sleep(5000);
		for (String plan : List.of("backup-s3", "backup-azure")) {
			PlanState still = plan(plan);
			assertThat(still.status()).as(still.body().toString()).isEqualTo("WAITING");
			assertThat(still.stepStatuses()).containsExactly("COMPLETE", "PENDING", "PENDING");
		}
		String firstStep = plan("backup-s3").message(0);

		for (String plan : List.of("backup-s3", "backup-azure")) {
			assertThat(this.http.postJson("/v1/plans/" + plan + "/continue", "").statusCode()).isEqualTo(200);
		}
		for (String plan : List.of("backup-s3", "backup-azure")) {
			PlanState done = awaitEnd(plan);
			assertThat(done.code()).as(done.body().toString()).isEqualTo(200);
			assertThat(done.stepStatuses()).containsExactly("COMPLETE", "COMPLETE", "COMPLETE");
			assertThat(this.http.postJson("/v1/plans/" + plan + "/continue", "").statusCode()).isEqualTo(208);
		}
		// one backup of ledger, started once and succeeded once, however often it was
		// parked
		assertThat(this.http.get("/actuator/prometheus").body())
			.contains("backplane_backups_started_total{component=\"ledger\"} 1.0")
			.contains("backplane_backups_succeeded_total{component=\"ledger\"} 1.0");
		// node 0 was not backed up again: its step kept its message
		assertThat(plan("backup-s3").message(0)).isEqualTo(firstStep);
		assertThat(S3Listing.keys(BUCKET, "snap-stop/"))
			.containsExactlyInAnyOrderElementsOf(expectedKeys("snap-stop", cassandra));

		// a stopped restore, continued, does not refuse the node it restored already
		empty("cassandra");
		Files.createFile(HOME.resolve("slow"));
		start("restore-s3", s3Parameters("cassandra", "snap-stop"));
		stopDuringFirstStep("restore-s3");
		PlanState restoreWaiting = org.awaitility.Awaitility.await()
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> plan("restore-s3"), (state) -> state.stepStatuses().get(0).equals("COMPLETE"));
		assertThat(restoreWaiting.status()).isEqualTo("WAITING");
		assertThat(restoreWaiting.stepStatuses()).containsExactly("COMPLETE", "PENDING", "PENDING");
		Files.delete(HOME.resolve("slow"));
		assertThat(this.http.postJson("/v1/plans/restore-s3/continue", "").statusCode()).isEqualTo(200);
		PlanState restoredS3 = awaitEnd("restore-s3");
		assertThat(restoredS3.code()).as(restoredS3.body().toString()).isEqualTo(200);
		assertThat(restoredS3.message(0)).contains("sha256 verified");
		assertRestored("cassandra", cassandra);
		empty("ledger");
		start("restore-azure", azureParameters("ledger", "snap-wait"));
		PlanState restoredAzure = awaitEnd("restore-azure");
		assertThat(restoredAzure.code()).as(restoredAzure.body().toString()).isEqualTo(200);
		assertRestored("ledger", ledger);
	}

	void stopDuringFirstStep(String plan) {
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> plan(plan).stepStatuses().get(0).equals("STARTING"));
		assertThat(this.http.postJson("/v1/plans/" + plan + "/stop", "").statusCode()).isEqualTo(200);
		assertThat(this.http.postJson("/v1/plans/" + plan + "/stop", "").statusCode()).isEqualTo(208);
	}

	@Test
	void badPlanRequestsAreRefusedWithWhatToFix() {
		java.net.http.HttpResponse<String> badKey = this.http.postJson("/v1/plans/backup-s3/start",
				"{\"1BAD\": \"x\", \"SNAPSHOT_NAME\": \"s\"}");
		assertThat(badKey.statusCode()).isEqualTo(400);
		assertThat(badKey.body()).contains("errors", "'1BAD' is not a valid environment variable name");
		java.net.http.HttpResponse<String> ambiguous = this.http.postJson("/v1/plans/backup-s3/start",
				"{\"SNAPSHOT_NAME\": \"s\"}");
		assertThat(ambiguous.statusCode()).isEqualTo(400);
		assertThat(ambiguous.body()).contains("COMPONENT", "[cassandra, fast, ledger]");
		java.net.http.HttpResponse<String> noSnapshot = this.http.postJson("/v1/plans/backup-s3/start",
				"{\"COMPONENT\": \"fast\"}");
		assertThat(noSnapshot.statusCode()).isEqualTo(400);
		assertThat(noSnapshot.body()).contains("SNAPSHOT_NAME is missing");
		for (String reserved : List.of("backups", "objects")) {
			java.net.http.HttpResponse<String> ownFolder = this.http.postJson("/v1/plans/backup-s3/start",
					"{\"COMPONENT\": \"fast\", \"SNAPSHOT_NAME\": \"" + reserved + "\"}");
			assertThat(ownFolder.statusCode()).as(reserved).isEqualTo(400);
			assertThat(ownFolder.body()).contains("'" + reserved + "' is not valid", "Backplane's own folders");
		}
		java.net.http.HttpResponse<String> unknownParameter = this.http.postJson("/v1/plans/backup-s3/start",
				"{\"COMPONENT\": \"fast\", \"SNAPSHOT_NAME\": \"s\", \"CASSANDRA_KEYSPACES\": \"ks\"}");
		assertThat(unknownParameter.statusCode()).isEqualTo(400);
		assertThat(unknownParameter.body()).contains("CASSANDRA_KEYSPACES");
		assertThat(this.http.get("/v1/plans/deploy").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/system/v1/backup/v1/plans/deploy").body()).contains("backup-s3");
		java.net.http.HttpResponse<String> noPhase = this.http.postJson("/v1/plans/restore-azure/forceComplete", "");
		assertThat(noPhase.statusCode()).isEqualTo(400);
		assertThat(noPhase.body()).contains("phase is missing");
		assertThat(this.http.postJson("/v1/plans/restore-azure/restart?phase=nope&step=x", "").statusCode())
			.isEqualTo(404);
	}

	record PlanState(int code, JsonNode body) {

		String status() {
			return this.body.get("status").asString();
		}

		List<String> stepStatuses() {
			List<String> statuses = new ArrayList<>();
			this.body.get("phases").get(0).get("steps").forEach((step) -> statuses.add(step.get("status").asString()));
			return statuses;
		}

		String message(int node) {
			return this.body.get("phases").get(0).get("steps").get(node).get("message").asString();
		}

		String stepName(int node) {
			return this.body.get("phases").get(0).get("steps").get(node).get("name").asString();
		}

	}

}
