package org.backplane.service.api.dcos;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The DC/OS wire-compatible API, at both of its paths, with exact bodies: a service whose
 * components all succeed ({@code marathon}, {@code snapshots}), so that {@code create} of
 * every component ends READY.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.marathon.type=synthetic", "backplane.components.marathon.items=50",
				"backplane.components.marathon.restore-policy=overwrite",
				"backplane.components.snapshots.type=synthetic", "backplane.components.snapshots.items=5",
				"backplane.components.snapshots.restore-policy=overwrite", "backplane.runner.polling-interval=200ms" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DcosApiIntegrationTests {

	private static final Path HOME = ServiceHome.newDirectory("dcos");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}Z";

	@DynamicPropertySource
	static void home(DynamicPropertyRegistry registry) {
		registry.add("backplane.home", HOME::toString);
	}

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@ParameterizedTest
	@Order(1)
	@ValueSource(strings = { "/v1/list", "/system/v1/backup/v1/list", "/v1/list?prefix=nothing-matches-",
			"/system/v1/backup/v1/list?prefix=" })
	void listIsExactlyAnEmptyObjectWhenThereAreNoBackups(String path) {
		// runs first, against this class's own fresh database
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{}");
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1", "/system/v1/backup/v1" })
	void createListRestoreDeleteRoundTrip(String base) {
		String label = (base.length() > 3) ? "dcos-admin" : "dcos-plain";
		HttpResponse<String> created = this.http.postJson(base + "/create", "{\"label\": \"" + label + "\"}");
		assertThat(created.statusCode()).isEqualTo(200);
		JsonNode info = json.readTree(created.body()).get("backup_info");
		assertThat(json.readTree(created.body()).properties()).hasSize(1);
		assertThat(names(info)).containsExactlyInAnyOrder("id", "label", "dcos_version", "timestamp", "status",
				"component_status", "restores");
		String id = info.get("id").asString();
		assertThat(id).matches(label + "-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		assertThat(info.get("label").asString()).isEqualTo(label);
		assertThat(info.get("dcos_version").asString()).isNotBlank();
		assertThat(info.get("timestamp").asString()).matches(TIMESTAMP);
		assertThat(info.get("status").asString()).isEqualTo("STATUS_BACKING_UP");
		assertThat(json.convertValue(info.get("component_status"), Map.class)).isEqualTo(Map.of("marathon",
				Map.of("status", "STATUS_UNKNOWN"), "snapshots", Map.of("status", "STATUS_UNKNOWN")));
		assertThat(info.get("restores").isArray()).isTrue();
		assertThat(info.get("restores").size()).isZero();

		await().atMost(Duration.ofSeconds(60))
			.until(() -> "STATUS_READY".equals(listed(base, id).get("status").asString()));
		assertThat(this.http.get(base + "/list").body()).contains("\"id\":\"" + id + "\"");
		JsonNode listedInfo = listed(base, id);
		assertThat(listedInfo.get("component_status").get("marathon").get("status").asString())
			.isEqualTo("STATUS_READY");
		assertThat(listedInfo.get("timestamp").asString()).isEqualTo(info.get("timestamp").asString());

		SyntheticSource.TARGETS.remove("marathon");
		HttpResponse<String> restored = this.http.postJson(base + "/restore", "{\"id\": \"" + id + "\"}");
		assertThat(restored.statusCode()).isEqualTo(200);
		JsonNode restore = json.readTree(restored.body()).get("backup_info");
		assertThat(names(restore)).containsExactlyInAnyOrder("id", "status", "component_status");
		String restoreId = restore.get("id").asString();
		assertThat(restoreId).startsWith("restore:").isNotEqualTo(id);
		assertThat(restore.get("status").asString()).isEqualTo("STATUS_RESTORING");
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			JsonNode restores = listed(base, id).get("restores");
			return restores.size() == 1 && "STATUS_READY".equals(restores.get(0).get("status").asString());
		});
		JsonNode listedRestore = listed(base, id).get("restores").get(0);
		assertThat(listedRestore.get("id").asString()).isEqualTo(restoreId);
		assertThat(listedRestore.get("component_status").get("marathon").get("status").asString())
			.isEqualTo("STATUS_READY");
		assertThat(SyntheticSource.TARGETS).containsKey("marathon");

		HttpResponse<String> wrongId = this.http.send("DELETE", base + "/delete", "application/json",
				"{\"id\": \"" + restoreId + "\"}");
		assertThat(wrongId.statusCode()).isEqualTo(400);
		assertThat(errors(wrongId)).singleElement().asString().contains("is a restore id, not a backup id");

		HttpResponse<String> deleted = this.http.send("DELETE", base + "/delete", "application/json",
				"{\"id\": \"" + id + "\"}");
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(this.http.get(base + "/list?prefix=" + id).body()).isEqualTo("{}");
		HttpResponse<String> again = this.http.send("DELETE", base + "/delete", "application/json",
				"{\"id\": \"" + id + "\"}");
		assertThat(again.statusCode()).isEqualTo(404);
		assertThat(errors(again)).singleElement().asString().contains("No backup with id " + id);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{\"label\": \"ab\"}", "{\"label\": \"abcdefghijklmnopqrstuvwxyz\"}", "{\"label\": \"..a\"}",
					"{\"label\": \"-ab\"}", "{\"label\": \"été\"}", "{\"label\": \"\"}", "{}", "{\"label\": null}" })
	void createRejectsBadLabelsWithErrorsNamingTheRule(String body) {
		HttpResponse<String> response = this.http.postJson("/v1/create", body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(errors(response)).singleElement().asString().contains("3 to 25 characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"label\": ", "[]", "\"abc\"", "{\"label\": \"abc\", \"extra\": 1}" })
	void malformedBodiesAre400WithErrors(String body) {
		HttpResponse<String> response = this.http.postJson("/system/v1/backup/v1/create", body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(errors(response)).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/restore", "/system/v1/backup/v1/restore" })
	void restoreOfUnknownBackupIs404AndOfMalformedIdIs400(String path) {
		HttpResponse<String> unknown = this.http.postJson(path,
				"{\"id\": \"nothing-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f\"}");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(errors(unknown)).hasSize(1);
		HttpResponse<String> malformed = this.http.postJson(path, "{\"id\": \"not-an-id\"}");
		assertThat(malformed.statusCode()).isEqualTo(400);
		HttpResponse<String> missing = this.http.postJson(path, "{}");
		assertThat(missing.statusCode()).isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/xml" })
	void wrongContentTypeIs415WithErrors(String contentType) {
		HttpResponse<String> response = this.http.send("POST", "/v1/create", contentType, "{\"label\": \"abc\"}");
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(errors(response)).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/nope", "/system/v1/backup/v1/nope" })
	void unknownPathsAre404WithErrors(String path) {
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(errors(response)).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/create", "/v1/restore" })
	void wrongMethodIs405WithErrors(String path) {
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(errors(response)).hasSize(1);
	}

	private JsonNode listed(String base, String id) {
		HttpResponse<String> response = this.http.get(base + "/list?prefix=" + id);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode list = json.readTree(response.body()).get("backup_info");
		assertThat(list.size()).isEqualTo(1);
		return list.get(0);
	}

	private static List<String> errors(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		JsonNode body = json.readTree(response.body());
		assertThat(names(body)).containsExactly("errors");
		List<String> errors = new java.util.ArrayList<>();
		body.get("errors").forEach((e) -> errors.add(e.asString()));
		errors.forEach((e) -> assertThat(e).isNotBlank());
		return errors;
	}

	private static List<String> names(JsonNode node) {
		List<String> names = new java.util.ArrayList<>();
		node.properties().forEach((e) -> names.add(e.getKey()));
		return names;
	}

}
