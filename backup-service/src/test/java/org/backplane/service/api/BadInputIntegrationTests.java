package org.backplane.service.api;

import java.net.http.HttpResponse;

import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anything a client can send gets a 4xx problem that says what to fix; never a 500.
 */
@ServiceIntegrationTest
class BadInputIntegrationTests extends ServiceHomeProperties {

	@LocalServerPort
	int port;

	private static String readyBackup;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ab", "abcdefghijklmnopqrstuvwxyz", "..a", ".ab", "-ab", "日本語ラベル", "", "a b c", "abc/def",
			"abc:def" })
	void rejectsBadLabelsNamingTheRule(String label) {
		HttpResponse<String> response = this.http.postJson("/api/v1/backups",
				"{\"label\": \"" + label + "\", \"components\": [\"alpha\"]}");
		assertProblem(response, 400, "invalid-request").contains("3 to 25 characters");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "abcdefghijklmnopqrstuvwxy", "_a.", "a1-" })
	void acceptsEdgeLabels(String label) {
		HttpResponse<String> response = this.http.postJson("/api/v1/backups",
				"{\"label\": \"" + label + "\", \"components\": [\"beta\"]}");
		assertThat(response.statusCode()).as(response.body()).isIn(202, 409);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"{\"label\": \"abc\", \"components\": [\"nope\"]}|unknown-component|configured components are",
			"{\"label\": \"abc\", \"components\": [\"alpha\", \"alpha\"]}|invalid-request|named twice",
			"{\"label\": \"abc\", \"storageLocation\": \"mars\"}|unknown-storage-location|configured locations are",
			"{\"label\": \"abc\", \"parameters\": {\"AWS_SECRET_ACCESS_KEY\": \"s3cr3t\"}}|invalid-request|takes no per-request parameters",
			"not json|malformed-body|not valid JSON", "[]|malformed-body|not valid JSON",
			"{\"label\": \"abc\", \"componentz\": []}|malformed-body|componentz",
			"{\"label\": 12|malformed-body|not valid JSON" })
	void rejectsBadBodies(String body, String type, String detail) {
		HttpResponse<String> response = this.http.postJson("/api/v1/backups", body);
		assertProblem(response, 400, type).contains(detail);
		assertThat(response.body()).doesNotContain("s3cr3t");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "not json|malformed-body|not valid JSON", "{\"parameterz\": {}}|malformed-body|parameterz",
					"{\"parameters\": [\"s3cr3t\"]}|malformed-body|parameters" })
	void rejectsBadDeleteBodies(String body, String type, String detail) {
		HttpResponse<String> response = this.http.send("DELETE",
				"/api/v1/backups/abc-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f", "application/json", body);
		assertProblem(response, 400, type).contains(detail);
		assertThat(response.body()).doesNotContain("s3cr3t");
	}

	@Test
	void deleteParametersForAFileLocationAreRefusedAndTheBackupKept() {
		HttpResponse<String> created = this.http.postJson("/api/v1/backups",
				"{\"label\": \"del-params\", \"components\": [\"gamma\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
		String location = created.headers().firstValue("Location").orElseThrow();
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofMinutes(1))
			.until(() -> !this.http.get(location).body().contains("STATUS_BACKING_UP"));
		HttpResponse<String> refused = this.http.send("DELETE", location, "application/json",
				"{\"parameters\": {\"AWS_SECRET_ACCESS_KEY\": \"s3cr3t\"}}");
		assertProblem(refused, 400, "invalid-request").contains("takes no per-request parameters");
		assertThat(refused.body()).doesNotContain("s3cr3t");
		assertThat(this.http.get(location).statusCode()).isEqualTo(200);
		assertThat(this.http.send("DELETE", location, null, null).statusCode()).isEqualTo(204);
	}

	@Test
	void rejectsEmptyBodyAndWrongContentType() {
		assertProblem(this.http.send("POST", "/api/v1/backups", "application/json", ""), 400, "malformed-body");
		assertThat(this.http.send("POST", "/api/v1/backups", "text/plain", "{\"label\": \"abc\"}").statusCode())
			.isEqualTo(415);
		assertThat(this.http.send("PUT", "/api/v1/backups", "application/json", "{}").statusCode()).isEqualTo(405);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "/api/v1/backups/nope|400|a backup id is <label>-<uuid4>",
			"/api/v1/backups/abc-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f|404|No backup with id",
			"/api/v1/backups/restore:6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f|400|is a restore id",
			"/api/v1/backups/abc-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/restores/nope|400|restore:<uuid4>",
			"/api/v1/backups/abc-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/restores/restore:6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f|404|No restore",
			"/api/v1/backups?limit=0|400|limit must be between 1 and 500",
			"/api/v1/backups?limit=abc|400|Parameter 'limit'", "/api/v1/backups?status=STATUS_NOPE|400|STATUS_READY",
			"/api/v1/backups?cursor=%25%25%25|400|Invalid cursor", "/api/v1/nothing-here|404|\"status\":404" })
	void rejectsBadPathsAndParameters(String path, int status, String detail) {
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"title\"")
			.contains(detail)
			.doesNotContain("Exception")
			.doesNotContain("at org.");
	}

	@Test
	void restoreOfUnknownBackupIs404AndDeleteOfMalformedIdIs400() {
		assertProblem(this.http.postJson("/api/v1/backups/abc-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/restores", "{}"),
				404, "backup-not-found");
		assertProblem(this.http.send("DELETE", "/api/v1/backups/..x", null, null), 400, "invalid-request");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "{\"label\": \"abc\", \"components\": [null]}|invalid-request|components holds a null",
					"\"bare\"|malformed-body|not valid JSON" })
	void rejectsNullComponentsAndBareValues(String body, String type, String detail) {
		HttpResponse<String> response = this.http.postJson("/api/v1/backups", body);
		assertProblem(response, 400, type).contains(detail);
	}

	@Test
	void rejectsAControlCharacterInTheListPrefixOnBothApis() {
		assertProblem(this.http.get("/api/v1/backups?prefix=%00"), 400, "invalid-request").contains("prefix")
			.contains("control character");
		assertDcosError(this.http.get("/v1/list?prefix=%00"), 400).contains("prefix").contains("control character");
		assertDcosError(this.http.get("/system/v1/backup/v1/list?prefix=ab%00"), 400).contains("control character");
	}

	@Test
	void boundsTheListOfUnknownParameterNames() {
		StringBuilder parameters = new StringBuilder();
		for (int i = 0; i < 30; i++) {
			parameters.append((i > 0) ? ", " : "").append("\"p").append(100 + i).append("\": \"v\"");
		}
		HttpResponse<String> response = this.http.postJson("/api/v1/backups",
				"{\"label\": \"abc\", \"parameters\": {" + parameters + "}}");
		assertProblem(response, 400, "invalid-request").contains("p100")
			.contains("p109")
			.doesNotContain("p110")
			.contains("and 20 more");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "{\"components\": [null]}|components holds a null",
					"{\"components\": [\"alpha\"], \"targetPath\": \"/a\\u0000b\"}|control character",
					"{\"components\": [\"alpha\"], \"targetPath\": \"relative/dir\"}|cannot restore elsewhere",
					"{\"components\": [\"alpha\"], \"targetPath\": \"/\"}|cannot restore elsewhere" })
	void refusesBadRestoreOptionsBeforeAccepting(String body, String detail) {
		String location = readyBackup();
		HttpResponse<String> response = this.http.postJson(location + "/restores", body);
		assertProblem(response, 400, "invalid-request").contains(detail);
		assertThat(this.http.get(location).body()).contains("STATUS_READY").doesNotContain("restore:");
	}

	@Test
	void refusesATargetPathOverTheLimit() {
		String location = readyBackup();
		HttpResponse<String> response = this.http.postJson(location + "/restores",
				"{\"components\": [\"alpha\"], \"targetPath\": \"/" + "a".repeat(1024) + "\"}");
		assertProblem(response, 400, "invalid-request").contains("targetPath has 1025 characters");
	}

	@Test
	void refusesABareValueAsARestoreBody() {
		String location = readyBackup();
		HttpResponse<String> response = this.http.postJson(location + "/restores", "\"overwrite\"");
		assertProblem(response, 400, "malformed-body");
		assertThat(this.http.get(location).body()).doesNotContain("restore:");
	}

	/**
	 * A backup of {@code alpha} in {@code STATUS_READY}, made once for this class.
	 * @return its location
	 */
	private String readyBackup() {
		if (readyBackup == null) {
			String[] location = new String[1];
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() -> {
				HttpResponse<String> created = this.http.postJson("/api/v1/backups",
						"{\"label\": \"bad-restores\", \"components\": [\"alpha\"]}");
				location[0] = created.headers().firstValue("Location").orElse(null);
				return created.statusCode() == 202;
			});
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofMinutes(1))
				.until(() -> this.http.get(location[0]).body().contains("STATUS_READY"));
			readyBackup = location[0];
		}
		return readyBackup;
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertDcosError(HttpResponse<String> response,
			int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		return assertThat(response.body()).startsWith("{\"errors\":[\"");
	}

	private static org.assertj.core.api.AbstractStringAssert<?> assertProblem(HttpResponse<String> response, int status,
			String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		return assertThat(response.body()).contains("\"type\":\"https://backplane.dev/problems/" + type + "\"")
			.contains("\"title\"")
			.contains("\"detail\"")
			.contains("\"status\":" + status);
	}

}
