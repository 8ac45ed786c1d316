package org.backplane.service.storage;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
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
 * Per-request credentials through the DC/OS endpoints, with a default location on a real
 * S3Proxy that has no credentials of its own: create and restore carry them in
 * {@code parameters}; without them the backup fails naming the cause; delete without them
 * cannot reach the bucket (503, backup kept), with them it deletes. The secret never
 * comes back in an answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.plan.type=synthetic", "backplane.components.plan.items=12",
				"backplane.components.plan.restore-policy=overwrite", "backplane.runner.polling-interval=200ms",
				"server.address=127.0.0.1" })
class DcosParametersIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String CREDENTIALS = "{\"AWS_ACCESS_KEY_ID\": \"" + S3ProxyServer.ACCESS_KEY
			+ "\", \"AWS_SECRET_ACCESS_KEY\": \"" + S3ProxyServer.SECRET_KEY + "\"}";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void locations(DynamicPropertyRegistry registry) {
		S3ProxyServer s3 = TestServers.s3proxy();
		s3.createBucket("dcos-plan");
		registry.add("backplane.home", () -> ServiceHome.newDirectory("dcos-parameters").toString());
		registry.add("backplane.storage.location",
				() -> "s3://dcos-plan/backups?endpoint=" + s3.endpoint() + "&checksums=when_required");
	}

	@Test
	void createRestoreAndDeleteCarryCredentials() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> created = http.postJson("/system/v1/backup/v1/create",
				"{\"label\": \"planned\", \"parameters\": " + CREDENTIALS + "}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		String id = json.readTree(created.body()).get("backup_info").get("id").asString();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> !"STATUS_BACKING_UP".equals(listed(http, id).get("status").asString()));
		assertThat(listed(http, id).get("status").asString()).isEqualTo("STATUS_READY");

		HttpResponse<String> restored = http.postJson("/v1/restore",
				"{\"id\": \"" + id + "\", \"parameters\": " + CREDENTIALS + "}");
		assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
		await().atMost(Duration.ofMinutes(1)).until(() -> {
			JsonNode restores = listed(http, id).get("restores");
			return restores.size() == 1 && !"STATUS_RESTORING".equals(restores.get(0).get("status").asString());
		});
		assertThat(listed(http, id).get("restores").get(0).get("status").asString()).isEqualTo("STATUS_READY");

		HttpResponse<String> bare = http.postJson("/v1/create", "{\"label\": \"no-creds\"}");
		assertThat(bare.statusCode()).isEqualTo(200);
		String bareId = json.readTree(bare.body()).get("backup_info").get("id").asString();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> !"STATUS_BACKING_UP".equals(listed(http, bareId).get("status").asString()));
		assertThat(listed(http, bareId).get("status").asString()).isEqualTo("STATUS_ERROR");
		assertThat(http.get("/api/v1/backups/" + bareId).body()).contains("credentials");

		// The location has no credentials of its own: a delete without them cannot reach
		// the bucket, and the backup stays listed with its artifacts
		HttpResponse<String> deleteWithout = http.send("DELETE", "/v1/delete", "application/json",
				"{\"id\": \"" + id + "\"}");
		assertThat(deleteWithout.statusCode()).as(deleteWithout.body()).isEqualTo(503);
		assertThat(deleteWithout.body()).contains("errors");
		Path manifest = TestServers.s3proxy()
			.bucketDirectory("dcos-plan")
			.resolve("backups/backups/" + id + "/backup.json");
		assertThat(manifest).exists();
		assertThat(listed(http, id).get("status").asString()).isEqualTo("STATUS_READY");
		String beforeDelete = http.get("/v1/list").body() + http.get("/api/v1/backups/" + id).body();

		HttpResponse<String> deleteWith = http.send("DELETE", "/v1/delete", "application/json",
				"{\"id\": \"" + id + "\", \"parameters\": " + CREDENTIALS + "}");
		assertThat(deleteWith.statusCode()).as(deleteWith.body()).isEqualTo(200);
		assertThat(deleteWith.body()).isEqualTo("{}");
		assertThat(manifest).as("deleted from the bucket").doesNotExist();
		assertThat(http.get("/api/v1/backups/" + id).statusCode()).isEqualTo(404);

		HttpResponse<String> unknown = http.send("DELETE", "/v1/delete", "application/json", "{\"id\": \"" + bareId
				+ "\", \"parameters\": {\"AWS_SECRET_KEYZ\": \"" + S3ProxyServer.SECRET_KEY + "\"}}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("AWS_SECRET_KEYZ");

		String everything = http.get("/v1/list").body() + created.body() + restored.body() + deleteWithout.body()
				+ beforeDelete + deleteWith.body() + unknown.body();
		assertThat(everything).doesNotContain(S3ProxyServer.SECRET_KEY);
	}

	private static JsonNode listed(Http http, String id) {
		for (JsonNode info : json.readTree(http.get("/v1/list").body()).get("backup_info")) {
			if (info.get("id").asString().equals(id)) {
				return info;
			}
		}
		throw new AssertionError("Backup " + id + " is not listed");
	}

}
