package org.backplane.service.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.BackupStorage;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Data goes only where the configuration allows, and every backup shows where it went,
 * against a real S3Proxy and a real local HTTP server that speaks for an S3 endpoint
 * nobody allowed and counts what reaches it: a per-request {@code S3_ENDPOINT_URL} not in
 * {@code allowed-endpoints} and a bucket outside {@code allowed-buckets} are a 400 naming
 * the key, on the native and the DC/OS API, and nothing reaches the refused endpoint; an
 * allowed endpoint ({@code localhost} for S3Proxy's {@code 127.0.0.1}) and bucket work
 * end to end; the API and the manifest show the bucket and endpoint actually used.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.placed.type=synthetic", "backplane.components.placed.items=12",
				"backplane.runner.polling-interval=200ms", "server.address=127.0.0.1" })
class PlacementIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** An S3 endpoint nobody allowed: it counts every request that reaches it. */
	private static final Trap trap = new Trap();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void locations(DynamicPropertyRegistry registry) {
		S3ProxyServer s3 = TestServers.s3proxy();
		for (String bucket : List.of("place-home", "place-other", "place-default", "place-elsewhere", "outside")) {
			s3.createBucket(bucket);
		}
		registry.add("backplane.home", () -> ServiceHome.newDirectory("placement").toString());
		registry.add("backplane.storage.location",
				() -> "s3://place-default/d?endpoint=" + s3.endpoint() + "&checksums=when_required&access_key="
						+ S3ProxyServer.ACCESS_KEY + "&secret_key=" + S3ProxyServer.SECRET_KEY);
		registry.add("backplane.storage.allowed-buckets", () -> "place-d*");
		registry.add("backplane.storage.locations.placed.uri",
				() -> "s3://place-home/p?endpoint=" + s3.endpoint() + "&checksums=when_required");
		registry.add("backplane.storage.locations.placed.credentials[AWS_ACCESS_KEY_ID]",
				() -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.storage.locations.placed.credentials[AWS_SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.storage.locations.placed.allowed-endpoints", PlacementIntegrationTests::localhost);
		registry.add("backplane.storage.locations.placed.allowed-buckets", () -> "place-o*,place-e?sewhere");
	}

	/**
	 * @return S3Proxy's endpoint under another name: the same server, another endpoint
	 */
	private static String localhost() {
		return "http://localhost:" + TestServers.s3proxy().endpoint().getPort();
	}

	@AfterAll
	static void stopTrap() {
		trap.close();
	}

	@Test
	void anEndpointNotAllowedIsA400NamingTheKeyAndNothingReachesIt() {
		Http http = new Http(this.port);
		HttpResponse<String> nativeAnswer = http.postJson("/api/v1/backups",
				"{\"label\": \"trapped\", \"storageLocation\": \"placed\", \"parameters\": {\"S3_ENDPOINT_URL\": \""
						+ trap.url() + "\", \"S3_BUCKET_NAME\": \"place-other\"}}");
		assertThat(nativeAnswer.statusCode()).as(nativeAnswer.body()).isEqualTo(400);
		JsonNode problem = json.readTree(nativeAnswer.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://backplane.dev/problems/placement-not-allowed");
		assertThat(problem.get("detail").asString()).contains("S3_ENDPOINT_URL")
			.contains("backplane.storage.locations.placed.allowed-endpoints");
		assertThat(problem.get("parameters").get(0).asString()).isEqualTo("S3_ENDPOINT_URL");
		HttpResponse<String> dcosAnswer = http.postJson("/v1/create",
				"{\"label\": \"trapped\", \"parameters\": {\"S3_ENDPOINT_URL\": \"" + trap.url() + "\"}}");
		assertThat(dcosAnswer.statusCode()).as(dcosAnswer.body()).isEqualTo(400);
		assertThat(json.readTree(dcosAnswer.body()).get("errors").get(0).asString()).contains("S3_ENDPOINT_URL")
			.contains("backplane.storage.allowed-endpoints");
		assertThat(http.get("/api/v1/backups?prefix=trapped").body()).as("no backup was recorded")
			.contains("\"items\":[]");
		// the service built nothing for it and queued nothing: an allowed backup queued
		// after the refusals ends before anything could still be on its way
		BackplaneClient client = client();
		BackupResponse after = client.createBackup(new CreateBackupRequest("after-trap", null, "placed", null));
		awaitStatus(client, after.id(), BackupStatus.STATUS_READY);
		assertThat(trap.requests).as("requests that reached the endpoint nobody allowed").isEmpty();
	}

	@Test
	void aBucketOutsideAllowedBucketsIsA400NamingTheKey() {
		Http http = new Http(this.port);
		HttpResponse<String> nativeAnswer = http.postJson("/api/v1/backups",
				"{\"label\": \"outside\", \"storageLocation\": \"placed\", \"parameters\": {\"s3-bucket-name\": \"outside\"}}");
		assertThat(nativeAnswer.statusCode()).as(nativeAnswer.body()).isEqualTo(400);
		assertThat(json.readTree(nativeAnswer.body()).get("detail").asString()).contains("s3-bucket-name")
			.contains("backplane.storage.locations.placed.allowed-buckets");
		HttpResponse<String> dcosAnswer = http.postJson("/system/v1/backup/v1/create",
				"{\"label\": \"outside\", \"parameters\": {\"S3_BUCKET_NAME\": \"place-other\"}}");
		assertThat(dcosAnswer.statusCode()).as(dcosAnswer.body()).isEqualTo(400);
		assertThat(dcosAnswer.body()).contains("S3_BUCKET_NAME").contains("backplane.storage.allowed-buckets");
		assertThat(TestServers.s3proxy().bucketDirectory("outside")).isEmptyDirectory();
	}

	@Test
	void anAllowedEndpointAndBucketWorkEndToEndAndTheBackupShowsThem() throws IOException {
		BackplaneClient client = client();
		Map<String, String> parameters = Map.of("S3_ENDPOINT_URL", localhost() + "/", "S3_BUCKET_NAME", "place-other");
		BackupResponse created = client
			.createBackup(new CreateBackupRequest("moved", List.of("placed"), "placed", parameters));
		BackupStorage expected = new BackupStorage("placed",
				"s3://place-home/p?endpoint=" + TestServers.s3proxy().endpoint() + "&checksums=when_required",
				"place-other", localhost());
		assertThat(created.storage()).isEqualTo(expected);
		BackupResponse ready = awaitStatus(client, created.id(), BackupStatus.STATUS_READY);
		assertThat(ready.storage()).isEqualTo(expected);
		assertThat(ready.storageLocation()).as("kept as it was").isEqualTo("placed (" + expected.uri() + ")");
		Path manifest = TestServers.s3proxy()
			.bucketDirectory("place-other")
			.resolve("p/backups/" + created.id() + "/backup.json");
		assertThat(manifest).exists();
		assertThat(TestServers.s3proxy().bucketDirectory("place-home").resolve("p/backups/" + created.id()))
			.doesNotExist();
		assertThat(json.readTree(Files.readString(manifest)).get("storage"))
			.isEqualTo(json.readTree(json.writeValueAsString(expected)));
		String restoreId = client.createRestore(created.id(), new CreateRestoreRequest("overwrite")).id();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> client.getRestore(created.id(), restoreId).status() != RestoreStatus.STATUS_RESTORING);
		assertThat(client.getRestore(created.id(), restoreId).status()).isEqualTo(RestoreStatus.STATUS_READY);
		client.deleteBackup(created.id());
		assertThat(manifest).as("deleted where it was written").doesNotExist();

		BackupResponse dcosPlaced = client.createBackup(
				new CreateBackupRequest("dcos-moved", null, null, Map.of("S3_BUCKET_NAME", "place-default-b")));
		assertThat(dcosPlaced.storage().bucket()).isEqualTo("place-default-b");
		assertThat(awaitStatus(client, dcosPlaced.id(), BackupStatus.STATUS_ERROR).errorReason())
			.as("allowed, but there is no such bucket")
			.contains("place-default-b");
	}

	@Test
	void withoutParametersTheConfiguredBucketAndEndpointAreShown() throws IOException {
		BackplaneClient client = client();
		BackupResponse ready = awaitStatus(client,
				client.createBackup(new CreateBackupRequest("at-home", null, "placed", null)).id(),
				BackupStatus.STATUS_READY);
		assertThat(ready.storage().bucket()).isEqualTo("place-home");
		assertThat(ready.storage().endpoint()).isEqualTo(TestServers.s3proxy().endpoint().toString());
		Path manifest = TestServers.s3proxy()
			.bucketDirectory("place-home")
			.resolve("p/backups/" + ready.id() + "/backup.json");
		JsonNode storage = json.readTree(Files.readString(manifest)).get("storage");
		assertThat(storage.get("location").asString()).isEqualTo("placed");
		assertThat(storage.get("bucket").asString()).isEqualTo("place-home");
		assertThat(storage.get("endpoint").asString()).isEqualTo(TestServers.s3proxy().endpoint().toString());
		BackupResponse dcosDefault = awaitStatus(client,
				client.createBackup(new CreateBackupRequest("at-default", null, null, null)).id(),
				BackupStatus.STATUS_READY);
		assertThat(dcosDefault.storage().location()).isEqualTo("default");
		assertThat(dcosDefault.storage().uri()).contains("secret_key=***").doesNotContain(S3ProxyServer.SECRET_KEY);
		assertThat(dcosDefault.storage().bucket()).isEqualTo("place-default");
	}

	private BackplaneClient client() {
		return BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
	}

	private static BackupResponse awaitStatus(BackplaneClient client, String id, BackupStatus status) {
		await().atMost(Duration.ofMinutes(1))
			.until(() -> client.getBackup(id).status() != BackupStatus.STATUS_BACKING_UP);
		BackupResponse backup = client.getBackup(id);
		assertThat(backup.status()).as(backup.errorReason()).isEqualTo(status);
		return backup;
	}

	/**
	 * The JDK's HTTP server on a free loopback port, answering 500 to anything and
	 * recording what reached it.
	 */
	static final class Trap implements AutoCloseable {

		final List<String> requests = new CopyOnWriteArrayList<>();

		private final HttpServer server;

		Trap() {
			try {
				this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.server.createContext("/", (exchange) -> {
				this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
				exchange.sendResponseHeaders(500, -1);
				exchange.close();
			});
			this.server.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
