package org.backplane.service.storage;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.azure.storage.blob.BlobServiceClientBuilder;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testservers.AzuriteServer;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets never reach a response, a log line or the catalogue: after backups, restores, a
 * delete, failures and every read endpoint, against real S3Proxy and Azurite with known
 * keys (in a location's credentials, in the URI Marathon-style, and an account key), none
 * of the keys appears anywhere.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.secretive.type=synthetic", "backplane.components.secretive.items=30",
				"backplane.components.secretive.restore-policy=overwrite", "backplane.runner.polling-interval=200ms",
				"logging.level.org.backplane=debug" })
class SecretsIntegrationTests {

	private static final List<String> SECRETS = List.of(S3ProxyServer.SECRET_KEY, AzuriteServer.ACCOUNT_KEY,
			URLEncoder.encode(AzuriteServer.ACCOUNT_KEY, StandardCharsets.UTF_8), "s3cr3t-per-request-value");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void locations(DynamicPropertyRegistry registry) {
		S3ProxyServer s3 = TestServers.s3proxy();
		s3.createBucket("secrets");
		AzuriteServer azurite = TestServers.azurite();
		new BlobServiceClientBuilder().connectionString(azurite.connectionString())
			.buildClient()
			.getBlobContainerClient("secrets")
			.createIfNotExists();
		registry.add("backplane.home", () -> ServiceHome.newDirectory("secrets").toString());
		registry.add("backplane.storage.locations.vault.uri",
				() -> "s3://secrets/vault?endpoint=" + s3.endpoint() + "&checksums=when_required");
		registry.add("backplane.storage.locations.vault.credentials[AWS_ACCESS_KEY_ID]",
				() -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.storage.locations.vault.credentials[AWS_SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.storage.locations.marathon-style.uri",
				() -> "s3://secrets/uri?endpoint=" + s3.endpoint() + "&checksums=when_required&access_key="
						+ S3ProxyServer.ACCESS_KEY + "&secret_key=" + S3ProxyServer.SECRET_KEY);
		registry.add("backplane.storage.locations.bare.uri",
				() -> "s3://secrets/bare?endpoint=" + s3.endpoint() + "&checksums=when_required");
		registry.add("backplane.storage.locations.blob.uri",
				() -> "azure://" + AzuriteServer.ACCOUNT + "/secrets/blob?endpoint=" + azurite.blobEndpoint());
		registry.add("backplane.storage.locations.blob.credentials[AZURE_STORAGE_KEY]",
				() -> AzuriteServer.ACCOUNT_KEY);
	}

	@Test
	void noSecretReachesResponsesLogsOrTheCatalogue(CapturedOutput output) {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		Http http = new Http(this.port);
		List<String> responses = new ArrayList<>();
		for (String location : List.of("vault", "marathon-style", "blob")) {
			BackupResponse backup = client
				.createBackup(new CreateBackupRequest("secret-" + location, List.of("secretive"), location, null));
			await().atMost(Duration.ofMinutes(2))
				.until(() -> client.getBackup(backup.id()).status() == BackupStatus.STATUS_READY);
			String restoreId = client.createRestore(backup.id(), new CreateRestoreRequest("overwrite")).id();
			await().atMost(Duration.ofMinutes(2))
				.until(() -> client.getRestore(backup.id(), restoreId).status() == RestoreStatus.STATUS_READY);
			responses.add(http.get("/api/v1/backups/" + backup.id()).body());
			responses.add(http.get("/api/v1/backups/" + backup.id() + "/restores/" + restoreId).body());
		}
		Map<String, String> perRequest = Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
				S3ProxyServer.SECRET_KEY);
		BackupResponse bare = client
			.createBackup(new CreateBackupRequest("secret-bare", List.of("secretive"), "bare", perRequest));
		await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getBackup(bare.id()).status() == BackupStatus.STATUS_READY);
		String bareRestore = client
			.createRestore(bare.id(), new CreateRestoreRequest(null, "overwrite", null, perRequest))
			.id();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getRestore(bare.id(), bareRestore).status() == RestoreStatus.STATUS_READY);
		responses.add(http.get("/api/v1/backups/" + bare.id()).body());
		// "bare" has no credentials: a delete needs the per-request ones again (503 and
		// the backup kept without)
		HttpResponse<String> bareDeleteWithout = http.send("DELETE", "/api/v1/backups/" + bare.id(), null, null);
		assertThat(bareDeleteWithout.statusCode()).as(bareDeleteWithout.body()).isEqualTo(503);
		responses.add(bareDeleteWithout.body());
		assertThat(client.getBackup(bare.id()).status()).isEqualTo(BackupStatus.STATUS_READY);
		client.deleteBackup(bare.id(), perRequest);
		HttpResponse<String> gone = http.get("/api/v1/backups/" + bare.id());
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(TestServers.s3proxy().bucketDirectory("secrets").resolve("bare/backups/" + bare.id()))
			.as("artifacts deleted")
			.doesNotExist();
		HttpResponse<String> unknownParameter = http.postJson("/api/v1/backups",
				"{\"label\": \"odd\", \"storageLocation\": \"bare\", \"parameters\": {\"AWS_SECRET_KEYZ\": \"s3cr3t-per-request-value\"}}");
		assertThat(unknownParameter.statusCode()).isEqualTo(400);
		assertThat(unknownParameter.body()).contains("AWS_SECRET_KEYZ");
		responses.add(unknownParameter.body());
		assertThat(this.jdbc.queryForObject("select count(*) from job_secret", Integer.class))
			.as("sealed parameters are deleted when their job ends")
			.isZero();
		String deleted = client.listBackups("secret-blob", null, 1, null).items().get(0).id();
		responses.add(http.send("DELETE", "/api/v1/backups/" + deleted, null, null).body());
		HttpResponse<String> refused = http.postJson("/api/v1/backups",
				"{\"label\": \"leaky\", \"parameters\": {\"AWS_SECRET_ACCESS_KEY\": \"s3cr3t-per-request-value\"}}");
		assertThat(refused.statusCode()).isEqualTo(400);
		responses.add(refused.body());
		for (String path : List.of("/api/v1/storage-locations", "/api/v1/backups?limit=500", "/api/v1/components",
				"/actuator/health", "/v1/list", "/v3/api-docs")) {
			HttpResponse<String> response = http.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			responses.add(response.body());
		}
		String locations = http.get("/api/v1/storage-locations").body();
		assertThat(locations).contains("secret_key=***");
		for (tools.jackson.databind.JsonNode location : tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(locations)) {
			// "bare" has no credentials of its own: only per-request parameters reach it
			assertThat(location.get("reachable").asBoolean()).as(location.toString())
				.isEqualTo(!location.get("name").asString().equals("bare"));
		}

		StringBuilder catalogue = new StringBuilder();
		for (String table : List.of("backup", "backup_component", "restore", "restore_component", "component_lock",
				"scheduled_tasks", "job_secret")) {
			this.jdbc.query("select t::text from " + table + " t",
					(RowCallbackHandler) (rs) -> catalogue.append(rs.getString(1)).append('\n'));
		}
		assertThat(catalogue).contains("secret-vault");
		assertThat(output.getAll()).contains("Backup ready");
		for (String secret : SECRETS) {
			assertThat(String.join("\n", responses)).as("responses").doesNotContain(secret);
			assertThat(output.getAll()).as("logs").doesNotContain(secret);
			assertThat(catalogue.toString()).as("catalogue").doesNotContain(secret);
		}
	}

	@Test
	void aPerRequestBucketIsRecordedSoRestoreAndDeleteGoToIt() {
		S3ProxyServer s3 = TestServers.s3proxy();
		s3.createBucket("elsewhere");
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		Http http = new Http(this.port);
		BackupResponse backup = client.createBackup(new CreateBackupRequest("placed", List.of("secretive"), "vault",
				Map.of("S3_BUCKET_NAME", "elsewhere")));
		await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getBackup(backup.id()).status() == BackupStatus.STATUS_READY);
		java.nio.file.Path written = s3.bucketDirectory("elsewhere").resolve("vault/backups/" + backup.id());
		assertThat(written.resolve("backup.json")).as("manifest in the per-request bucket").exists();
		assertThat(s3.bucketDirectory("secrets").resolve("vault/backups/" + backup.id())).doesNotExist();

		HttpResponse<String> moved = http.postJson("/api/v1/backups/" + backup.id() + "/restores",
				"{\"parameters\": {\"S3_BUCKET_NAME\": \"secrets\"}}");
		assertThat(moved.statusCode()).isEqualTo(400);
		assertThat(moved.body()).contains("S3_BUCKET_NAME").contains("elsewhere");

		// no parameters: the recorded bucket is used
		String restoreId = client.createRestore(backup.id(), new CreateRestoreRequest("overwrite")).id();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getRestore(backup.id(), restoreId).status() == RestoreStatus.STATUS_READY);

		assertThat(http.send("DELETE", "/api/v1/backups/" + backup.id(), null, null).statusCode()).isEqualTo(204);
		assertThat(written.resolve("backup.json")).as("deleted from the bucket it was written to").doesNotExist();
		assertThat(this.jdbc.queryForObject("select count(*) from backup where id = ?", Integer.class, backup.id()))
			.isZero();
	}

}
