package org.backplane.service.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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
					"{\"components\": [\"alpha\"], \"targetPath\": \"relative/dir\"}|must be an absolute path",
					"{\"components\": [\"alpha\"], \"targetPath\": \"/\"}|other than '/'" })
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

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/backups", "/v1/create" })
	void refusesABodyOverOneMebibyteWithAContentLength(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(largeBody()))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertTooLarge(path, response);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/backups", "/system/v1/backup/v1/create" })
	void refusesAChunkedBodyOverOneMebibyte(String path) throws Exception {
		byte[] body = largeBody().getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertTooLarge(path, response);
	}

	@Test
	void acceptsABodyJustUnderTheLimit() {
		String body = "{\"label\": \"ab\", \"components\": [\"alpha\"], \"x\": \"" + "a".repeat(1024 * 1024 - 100)
				+ "\"}";
		HttpResponse<String> response = this.http.postJson("/api/v1/backups", body);
		assertProblem(response, 400, "malformed-body").doesNotContain("aaaaaaaaaa");
		assertThat(response.body().length()).isLessThan(2000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/backups/%", "/api/v1/backups/a%00b", "/api/v1/backups/a%2fb",
			"/api/v1/backups/%zz/restores", "/api/v1/backups;x=1", "//api//v1//backups", "/api/v1/backups/a;b",
			"/api/v1/backups/..%2f..%2fetc", "/api/v1/backups/a%5cb" })
	void malformedNativePathsGetAProblemNeverHtml(String path) throws IOException {
		RawResponse response = raw(path);
		assertThat(response.status()).as(response.body()).isBetween(400, 404);
		assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"status\":" + response.status()).contains("\"detail\"");
		assertNoJavaNames(response.body());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/list/%", "/v1/list?prefix=%", "//v1//list", "/v1/list;x=1", "/v1/li%00st",
			"/system/v1/backup/v1/%zz", "/system/v1/backup//v1/list" })
	void malformedDcosPathsGetErrorsNeverHtml(String path) throws IOException {
		RawResponse response = raw(path);
		assertThat(response.status()).as(response.body()).isBetween(400, 404);
		assertThat(response.contentType()).as(response.body()).startsWith("application/json");
		assertThat(response.body()).startsWith("{\"errors\":[\"");
		assertNoJavaNames(response.body());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "/api/v1/backups|{\"label\": \"abc\", \"components\": {}}", "/api/v1/backups|{\"label\": [1]}",
					"/api/v1/backups|{\"label\": \"abc\", \"parameters\": [1]}",
					"/api/v1/backups|{\"label\": \"abc\", \"componentz\": []}", "/v1/create|{\"label\": {}}",
					"/v1/restore|{\"id\": [1]}", "/v1/create|{\"labelz\": \"abc\"}" })
	void messagesNameNoJavaTypes(String path, String body) {
		HttpResponse<String> response = this.http.postJson(path, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertNoJavaNames(response.body());
	}

	@Test
	void typeMismatchNamesNoJavaType() {
		HttpResponse<String> response = this.http.get("/api/v1/backups?limit=abc");
		assertProblem(response, 400, "invalid-request").contains("expected a number");
		assertNoJavaNames(response.body());
	}

	private static void assertNoJavaNames(String body) {
		assertThat(body).doesNotContain("java.")
			.doesNotContain("Exception")
			.doesNotContain("org.springframework")
			.doesNotContain("org.backplane")
			.doesNotContain("<html")
			.doesNotContain("Integer")
			.doesNotContain("(class ");
	}

	private static String largeBody() {
		return "{\"label\": \"abc\", \"parameters\": {\"k\": \"" + "v".repeat(1536 * 1024) + "\"}}";
	}

	private static void assertTooLarge(String path, HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.body()).contains("larger than 1 MiB").hasSizeLessThan(2000);
		if (path.startsWith("/api/")) {
			assertThat(response.headers().firstValue("Content-Type").orElseThrow())
				.startsWith("application/problem+json");
			assertThat(response.body()).contains("\"type\":\"https://backplane.dev/problems/body-too-large\"");
		}
		else {
			assertThat(response.body()).startsWith("{\"errors\":[\"");
		}
	}

	/**
	 * Sends a GET with the path exactly as given, which {@link java.net.URI} would
	 * refuse.
	 * @param path the raw request target
	 * @return the response
	 */
	private RawResponse raw(String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int headersEnd = response.indexOf("\r\n\r\n");
			String head = response.substring(0, headersEnd);
			String body = response.substring(headersEnd + 4);
			if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
				body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
			}
			int status = Integer.parseInt(head.substring(9, 12));
			String contentType = head.lines()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
				.map((line) -> line.substring(13).trim())
				.findFirst()
				.orElse("");
			return new RawResponse(status, contentType, body);
		}
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

	record RawResponse(int status, String contentType, String body) {
	}

}
