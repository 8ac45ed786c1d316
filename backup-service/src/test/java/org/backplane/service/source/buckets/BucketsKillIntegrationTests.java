package org.backplane.service.source.buckets;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.ComponentStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.ServiceProcess;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service killed with SIGKILL in the middle of a bucket backup: after a restart the
 * backup ends "interrupted" without a manifest, every content a READY backup's index
 * references is still in the pool (no dangling reference), and what the killed backup had
 * put into the pool is garbage that the next collection removes; a large object's spooled
 * file left by the killed process is deleted when the service starts again.
 */
class BucketsKillIntegrationTests {

	private static final String STORAGE_BUCKET = "kill-storage";

	private static final int OBJECTS = 200;

	@Test
	void killedMidBackupLeavesGarbageNeverADanglingReference() throws Exception {
		S3ProxyServer storageServer = TestServers.s3proxy();
		storageServer.createBucket(STORAGE_BUCKET);
		S3ProxyServer sourceServer = TestServers.bucketSource();
		S3Client source = BucketsSourceIntegrationTests.client(sourceServer.endpoint());
		S3Client storage = BucketsSourceIntegrationTests.client(storageServer.endpoint());
		source.createBucket((r) -> r.bucket("kill-src"));
		write(source, "first");
		Path home = ServiceHome.newDirectory("buckets-kill");
		Path log = home.resolve("service.log");
		String[] config = { "--backplane.components.minio.type=buckets",
				"--backplane.components.minio.endpoint=" + sourceServer.endpoint(),
				"--backplane.components.minio.credentials[ACCESS_KEY_ID]=" + S3ProxyServer.ACCESS_KEY,
				"--backplane.components.minio.credentials[SECRET_ACCESS_KEY]=" + S3ProxyServer.SECRET_KEY,
				"--backplane.components.minio.buckets[0]=kill-src", "--backplane.components.minio.max-in-flight=1",
				"--backplane.storage.locations.pool.uri=s3://" + STORAGE_BUCKET + "/k?endpoint="
						+ storageServer.endpoint() + "&checksums=when_required",
				"--backplane.storage.locations.pool.credentials[AWS_ACCESS_KEY_ID]=" + S3ProxyServer.ACCESS_KEY,
				"--backplane.storage.locations.pool.credentials[AWS_SECRET_ACCESS_KEY]=" + S3ProxyServer.SECRET_KEY,
				"--backplane.runner.heartbeat-interval=500ms", "--backplane.runner.stale-after=4s",
				"--backplane.runner.reaper-interval=1s", "--backplane.runner.polling-interval=200ms",
				// what a killed backup leaves in the pool, not its retry
				// (RestartIntegrationTests)
				"--backplane.runner.retry-interrupted=0" };
		String full;
		String killed;
		try (ServiceProcess first = ServiceProcess.start(home, log, config)) {
			BackplaneClient client = client(first);
			full = client.createBackup(new CreateBackupRequest("full", List.of("minio"), "pool", null)).id();
			await().atMost(Duration.ofMinutes(2))
				.until(() -> client.getBackup(full).status() != BackupStatus.STATUS_BACKING_UP);
			assertThat(client.getBackup(full).status()).isEqualTo(BackupStatus.STATUS_READY);
			// every object changes, so the next backup reads and stores all of them, one
			// at a time
			write(source, "second");
			killed = client.createBackup(new CreateBackupRequest("killed", List.of("minio"), "pool", null)).id();
			await().atMost(Duration.ofMinutes(2)).until(() -> {
				BackupResponse backup = client.getBackup(killed);
				return backup.components().get("minio").status() == ComponentStatus.STATUS_BACKING_UP
						&& backup.progress().itemsDone() >= 20;
			});
			first.kill();
		}
		// what a process killed while spooling a large object leaves: deleted at start
		Path leftover = home.resolve("spool/buckets/minio/object-123.spool");
		java.nio.file.Files.createDirectories(leftover.getParent());
		java.nio.file.Files.write(leftover, new byte[1024]);
		Set<String> pooledAfterKill = poolKeys(storage);
		BackupResponse fullBackup;
		try (ServiceProcess second = ServiceProcess.start(home, log, config)) {
			BackplaneClient client = client(second);
			assertThat(leftover).as("a spooled object left by the killed process").doesNotExist();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> client.getBackup(killed).status() != BackupStatus.STATUS_BACKING_UP);
			BackupResponse interrupted = client.getBackup(killed);
			assertThat(interrupted.status()).isEqualTo(BackupStatus.STATUS_ERROR);
			assertThat(interrupted.errorReason()).startsWith("interrupted: ");
			assertThat(storage.listObjectsV2((r) -> r.bucket(STORAGE_BUCKET).prefix("k/backups/" + killed + "/"))
				.contents()).as("the killed backup left no manifest and no index").isEmpty();
			fullBackup = client.getBackup(full);
			Set<String> referenced = referencedBy(storage, fullBackup);
			assertThat(poolKeys(storage)).as("no READY backup references a missing content").containsAll(referenced);
			assertThat(pooledAfterKill).as("the killed backup had stored contents before it was killed")
				.hasSizeGreaterThan(referenced.size());
			// deleting the only READY backup collects everything, the killed backup's
			// garbage included
			client.deleteBackup(full);
			await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(poolKeys(storage)).isEmpty());
		}
	}

	private static void write(S3Client source, String generation) {
		for (int i = 0; i < OBJECTS; i++) {
			String key = "objects/" + i;
			source.putObject((r) -> r.bucket("kill-src").key(key),
					RequestBody.fromString(generation + " " + i + " " + "x".repeat(i % 97)));
		}
	}

	private static Set<String> poolKeys(S3Client storage) {
		Set<String> keys = new TreeSet<>();
		storage.listObjectsV2Paginator((r) -> r.bucket(STORAGE_BUCKET).prefix("k/objects/"))
			.contents()
			.forEach((o) -> keys.add(o.key()));
		return keys;
	}

	private static Set<String> referencedBy(S3Client storage, BackupResponse backup) throws Exception {
		Set<String> keys = new TreeSet<>();
		String key = "k/" + backup.components().get("minio").artifactKey();
		JsonMapper json = JsonMapper.builder().build();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(new GZIPInputStream(storage.getObject((r) -> r.bucket(STORAGE_BUCKET).key(key))),
						StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				JsonNode node = json.readTree(line);
				if (node.has("sha256")) {
					String sha256 = node.path("sha256").asString();
					keys.add("k/objects/" + sha256.substring(0, 2) + "/" + sha256);
				}
			}
		}
		assertThat(keys).hasSize(OBJECTS);
		return keys;
	}

	private static BackplaneClient client(ServiceProcess service) {
		return BackplaneClient.builder(URI.create("http://127.0.0.1:" + service.port())).build();
	}

}
