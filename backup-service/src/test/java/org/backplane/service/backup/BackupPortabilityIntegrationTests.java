package org.backplane.service.backup;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.client.model.StorageSyncResult;
import org.backplane.service.BackupServiceApplication;
import org.backplane.service.source.directory.DirectoryTrees;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.PrometheusText;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A backup leaves its service and comes back, with real services (each its own embedded
 * PostgreSQL and home), real directories and a real S3 server (S3Proxy):
 * <ol>
 * <li>catalogue rebuild: a service started on a new, empty database pointed at the
 * storage of another lists every READY backup at start-up and restores them
 * byte-identical; a sync marks a READY backup whose artifact vanished
 * {@code STATUS_ERROR} "missing on storage" and keeps its record;</li>
 * <li>a backup as one file: downloaded from one service, refused truncated or with one
 * byte changed (400, nothing left behind), uploaded into another service (its own
 * catalogue), refused twice (409), and restored there byte-identical;</li>
 * <li>verification: full verification passes, then finds one flipped byte in an artifact
 * on file storage and on S3; the backup shows {@code verifyFailed} and is kept; the
 * metrics scraped from {@code /actuator/prometheus} count it.</li>
 * </ol>
 */
class BackupPortabilityIntegrationTests {

	private static final String[] COMMON = { "--server.port=0", "--server.address=127.0.0.1",
			"--backplane.runner.polling-interval=200ms", "--backplane.runner.heartbeat-interval=500ms",
			"--backplane.metrics.refresh-interval=1h" };

	@Test
	void aBackupSurvivesLosingTheDatabaseAndMovesToAnotherServiceAsOneFile() throws Exception {
		Path homeA = ServiceHome.newDirectory("portable-a");
		Path data = Files.createDirectories(homeA.resolve("data"));
		DirectoryTrees.createRandomTree(data, 19, 40);
		// incompressible, so the archive is larger than the 1 MiB every other request
		// body
		// is held to
		byte[] large = new byte[1536 * 1024];
		new java.util.Random(19).nextBytes(large);
		Files.write(data.resolve("large.bin"), large);
		String id;
		String gone;
		byte[] archive;
		try (ConfigurableApplicationContext a = start(homeA, data)) {
			BackplaneClient client = client(a);
			id = backUp(client, "portable");
			gone = backUp(client, "gone");
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			long size = client.downloadArchive(id, out, null);
			archive = out.toByteArray();
			assertThat(size).isEqualTo(archive.length);
			assertThat(archive.length).isGreaterThan(1536 * 1024);
			// the manifest comes first
			assertThat(new String(archive, 0, 11, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("backup.json");
		}
		Path storageA = homeA.resolve("storage");
		// The database is gone: a new home (a new, empty embedded database) on the same
		// storage
		Path homeC = ServiceHome.newDirectory("portable-c");
		Path restoredC = Files.createDirectories(homeC.resolve("data"));
		try (ConfigurableApplicationContext c = start(homeC, restoredC,
				"--backplane.storage.location=" + storageA.toUri())) {
			BackplaneClient client = client(c);
			BackupResponse back = client.getBackup(id);
			assertThat(back.status()).isEqualTo(BackupStatus.STATUS_READY);
			assertThat(back.label()).isEqualTo("portable");
			assertThat(back.components().get("files").sha256()).hasSize(64);
			assertThat(client.getBackup(gone).status()).isEqualTo(BackupStatus.STATUS_READY);
			restore(client, id);
			DirectoryTrees.assertSameTree(data, restoredC);
			// an artifact vanishes: the backup's record stays, STATUS_ERROR
			try (Stream<Path> files = Files.list(storageA.resolve("backups").resolve(gone))) {
				for (Path file : files.filter((f) -> !f.getFileName().toString().equals("backup.json")).toList()) {
					Files.delete(file);
				}
			}
			StorageSyncResult synced = client.syncStorageLocation("default");
			assertThat(synced).isEqualTo(new StorageSyncResult("default", 0, 1, 1, 0));
			BackupResponse missing = client.getBackup(gone);
			assertThat(missing.status()).isEqualTo(BackupStatus.STATUS_ERROR);
			assertThat(missing.errorReason()).startsWith("missing on storage: artifact backups/" + gone + "/files.");
			assertThat(client.syncStorageLocation("default")).as("nothing changes a second time")
				.isEqualTo(new StorageSyncResult("default", 0, 0, 2, 0));
		}
		// A backup as one file, into another service with its own catalogue and storage
		S3ProxyServer s3 = TestServers.s3proxy();
		s3.createBucket("portable");
		Path homeB = ServiceHome.newDirectory("portable-b");
		Path restoredB = Files.createDirectories(homeB.resolve("data"));
		try (ConfigurableApplicationContext b = start(homeB, restoredB,
				"--backplane.storage.locations.s3.uri=s3://portable/backplane?endpoint=" + s3.endpoint()
						+ "&checksums=when_required",
				"--backplane.storage.locations.s3.credentials[AWS_ACCESS_KEY_ID]=" + S3ProxyServer.ACCESS_KEY,
				"--backplane.storage.locations.s3.credentials[AWS_SECRET_ACCESS_KEY]=" + S3ProxyServer.SECRET_KEY)) {
			BackplaneClient client = client(b);
			Path file = homeB.resolve("upload.tar");
			// truncated: refused, nothing left behind
			Files.write(file, Arrays.copyOf(archive, archive.length / 2));
			assertRefused(client, file, "truncated");
			// one byte changed inside the artifact: refused by its SHA-256
			byte[] flipped = archive.clone();
			flipped[archive.length / 2] ^= 0x01;
			Files.write(file, flipped);
			assertRefused(client, file, "does not match its manifest");
			assertThat(homeB.resolve("storage").resolve("backups").resolve(id)).satisfiesAnyOf(
					(folder) -> assertThat(folder).doesNotExist(), (folder) -> assertThat(folder).isEmptyDirectory());
			assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> client.getBackup(id))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
			Files.write(file, archive);
			List<Long> progress = new ArrayList<>();
			BackupResponse uploaded = client.uploadArchive(file, null, progress::add);
			assertThat(uploaded.status()).isEqualTo(BackupStatus.STATUS_READY);
			assertThat(uploaded.id()).isEqualTo(id);
			assertThat(progress).last().isEqualTo((long) archive.length);
			assertThatExceptionOfType(BackplaneApiException.class)
				.isThrownBy(() -> client.uploadArchive(file, null, null))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(409));
			restore(client, id);
			DirectoryTrees.assertSameTree(data, restoredB);

			// full verification finds one flipped byte on file storage, deletes nothing
			assertThat(verify(client, id, "full").verification().status()).isEqualTo("PASSED");
			Path artifact;
			try (Stream<Path> files = Files.list(homeB.resolve("storage").resolve("backups").resolve(id))) {
				artifact = files.filter((f) -> !f.getFileName().toString().equals("backup.json"))
					.findFirst()
					.orElseThrow();
			}
			byte[] bytes = Files.readAllBytes(artifact);
			bytes[bytes.length / 2] ^= 0x01;
			Files.write(artifact, bytes);
			assertThat(verify(client, id, "size").verification().status()).as("the size is unchanged")
				.isEqualTo("PASSED");
			BackupResponse damaged = verify(client, id, "full");
			assertThat(damaged.verification().status()).isEqualTo("FAILED");
			assertThat(damaged.verification().detail()).contains("SHA-256");
			assertThat(damaged.verifyFailed()).isTrue();
			assertThat(damaged.status()).as("kept").isEqualTo(BackupStatus.STATUS_READY);
			assertThat(artifact).exists();

			// and on S3
			String onS3 = client.createBackup(new CreateBackupRequest("ons3", List.of("files"), "s3", null)).id();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> client.getBackup(onS3).status() == BackupStatus.STATUS_READY);
			assertThat(verify(client, onS3, "full").verification().status()).isEqualTo("PASSED");
			String key = "backplane/" + client.getBackup(onS3).components().get("files").artifactKey();
			try (S3Client s3Client = s3Client(s3)) {
				byte[] object = s3Client.getObjectAsBytes((r) -> r.bucket("portable").key(key)).asByteArray();
				object[object.length / 2] ^= 0x01;
				s3Client.putObject((r) -> r.bucket("portable").key(key), RequestBody.fromBytes(object));
			}
			BackupResponse damagedOnS3 = verify(client, onS3, "full");
			assertThat(damagedOnS3.verification().status()).isEqualTo("FAILED");
			assertThat(damagedOnS3.verifyFailed()).isTrue();

			// the metrics say so
			b.getBean(BackupMetrics.class).refresh();
			Map<String, Double> metrics = scrape(b);
			assertThat(metrics).containsEntry("backplane_verification_failures_total", 2.0)
				.containsEntry("backplane_backups_verify_failed", 2.0)
				.containsEntry("backplane_backups_succeeded_total{component=\"files\"}", 1.0)
				.containsEntry("backplane_restores_succeeded_total{component=\"files\"}", 1.0)
				.containsKey(
						"backplane_backup_last_success_timestamp_seconds{component=\"files\",schedule=\"portable\"}")
				.containsKey("backplane_backup_last_success_timestamp_seconds{component=\"files\",schedule=\"ons3\"}");
			assertThat(metrics
				.get("backplane_backup_last_success_timestamp_seconds{component=\"files\",schedule=\"portable\"}"))
				.isEqualTo(client.getBackup(id).completedAt().toEpochMilli() / 1000.0);
		}
	}

	private static void assertRefused(BackplaneClient client, Path file, String because) {
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> client.uploadArchive(file, null, null))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(400);
				assertThat(ex.getMessage()).contains(because);
			});
	}

	private static String backUp(BackplaneClient client, String label) {
		String id = client.createBackup(new CreateBackupRequest(label, List.of("files"))).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getBackup(id).status() != BackupStatus.STATUS_BACKING_UP);
		assertThat(client.getBackup(id).status()).isEqualTo(BackupStatus.STATUS_READY);
		return id;
	}

	private static void restore(BackplaneClient client, String id) {
		RestoreResponse restore = client.createRestore(id, new CreateRestoreRequest(null, null, null, null));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getRestore(id, restore.id()).status() != RestoreStatus.STATUS_RESTORING);
		assertThat(client.getRestore(id, restore.id()).status()).isEqualTo(RestoreStatus.STATUS_READY);
	}

	private static BackupResponse verify(BackplaneClient client, String id, String depth) {
		BackupResponse queued = client.verifyBackup(id, depth);
		assertThat(queued.verification().status()).isEqualTo("RUNNING");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !"RUNNING".equals(client.getBackup(id).verification().status()));
		BackupResponse done = client.getBackup(id);
		assertThat(done.verification().depth()).isEqualTo(depth);
		return done;
	}

	static Map<String, Double> scrape(ConfigurableApplicationContext context) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context) + "/actuator/prometheus"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return PrometheusText.parse(response.body());
	}

	private static S3Client s3Client(S3ProxyServer s3) {
		return S3Client.builder()
			.endpointOverride(s3.endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
			.build();
	}

	private static ConfigurableApplicationContext start(Path home, Path data, String... more) {
		List<String> args = new ArrayList<>(List.of(COMMON));
		args.add("--backplane.home=" + home);
		args.add("--backplane.components.files.type=directory");
		args.add("--backplane.components.files.paths[0]=" + data);
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(BackupServiceApplication.class).run(args.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static BackplaneClient client(ConfigurableApplicationContext context) {
		return BackplaneClient.builder(URI.create("http://127.0.0.1:" + port(context))).build();
	}

}
