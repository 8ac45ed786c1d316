package org.backplane.service.api;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAPI description committed in {@code docs/openapi.json} matches what the service
 * serves. When the API changes on purpose, regenerate it with
 * {@code -Dbackplane.openapi.write=true} and commit the result.
 */
@ServiceIntegrationTest
class OpenApiSpecIntegrationTests extends ServiceHomeProperties {

	private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

	private static final JsonMapper json = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	@LocalServerPort
	int port;

	@Test // GH-20
	void theRequestExamplesSwaggerUiFillsInAreAcceptedAsTheyAre() {
		Http http = new Http(this.port);
		JsonNode schemas = json.readTree(http.get("/v3/api-docs").body()).path("components").path("schemas");
		// create, native and DC/OS: the example backs up every configured component
		HttpResponse<String> created = http.postJson("/api/v1/backups", example(schemas, "CreateBackupRequest"));
		assertThat(created.statusCode()).as(created::body).isEqualTo(202);
		awaitEnd(http, "/api/v1/backups/" + json.readTree(created.body()).path("id").asString());
		HttpResponse<String> dcosCreated = http.postJson("/v1/create", example(schemas, "DcosCreateRequest"));
		assertThat(dcosCreated.statusCode()).as(dcosCreated::body).isEqualTo(200);
		awaitEnd(http,
				"/api/v1/backups/" + json.readTree(dcosCreated.body()).path("backup_info").path("id").asString());
		// restore and delete of a backup that is ready
		HttpResponse<String> ready = http.postJson("/api/v1/backups",
				"{\"label\": \"examples\", \"components\": [\"alpha\"]}");
		String id = json.readTree(ready.body()).path("id").asString();
		awaitEnd(http, "/api/v1/backups/" + id);
		HttpResponse<String> restored = http.postJson("/api/v1/backups/" + id + "/restores",
				example(schemas, "CreateRestoreRequest"));
		assertThat(restored.statusCode()).as(restored::body).isEqualTo(202);
		awaitEnd(http, restored.headers().firstValue("Location").orElseThrow());
		HttpResponse<String> deleted = http.send("DELETE", "/api/v1/backups/" + id, "application/json",
				example(schemas, "DeleteBackupRequest"));
		assertThat(deleted.statusCode()).as(deleted::body).isEqualTo(204);
	}

	private static String example(JsonNode schemas, String schema) {
		JsonNode example = schemas.path(schema).path("example");
		assertThat(example.isObject()).as(schema + " has an example").isTrue();
		return example.toString();
	}

	private static void awaitEnd(Http http, String path) {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(json.readTree(http.get(path).body()).path("status").asString())
				.isNotIn("STATUS_BACKING_UP", "STATUS_RESTORING"));
	}

	@Test
	void committedSpecMatchesTheServedOne() throws Exception {
		Http http = new Http(this.port);
		assertThat(http.get("/swagger-ui.html").statusCode()).isIn(200, 302);
		String served = http.get("/v3/api-docs").body();
		JsonNode spec = json.readTree(served);
		assertThat(spec.get("openapi").asString()).startsWith("3.1");
		// the server URL and version change from run to run
		((ObjectNode) spec).remove("servers");
		((ObjectNode) spec.get("info")).remove("version");
		String normalized = json.writeValueAsString(json.treeToValue(spec, Object.class)) + "\n";
		if (Boolean.getBoolean("backplane.openapi.write")) {
			Files.writeString(COMMITTED, normalized, StandardCharsets.UTF_8);
		}
		assertThat(COMMITTED).as("docs/openapi.json exists; generate it with -Dbackplane.openapi.write=true").exists();
		assertThat(normalized).as("docs/openapi.json is out of date: regenerate it with -Dbackplane.openapi.write=true")
			.isEqualTo(Files.readString(COMMITTED, StandardCharsets.UTF_8));
	}

}
