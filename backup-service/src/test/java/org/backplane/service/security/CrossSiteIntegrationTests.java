package org.backplane.service.security;

import java.net.URI;
import java.net.http.HttpResponse;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * No other site can make a browser change anything: mutating requests must be
 * {@code Content-Type: application/json} (415 otherwise, in the API's format, a body-less
 * {@code POST} included), and CORS headers go only to the listed origin.
 */
class CrossSiteIntegrationTests extends SecuredService {

	private static final String UNKNOWN = "cross-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-",
			value = { "POST|/api/v1/backups/" + UNKNOWN + "/restores|-|-",
					"POST|/api/v1/backups|application/x-www-form-urlencoded|label=form",
					"POST|/api/v1/backups|text/plain|{\"label\": \"plain\"}",
					"POST|/api/v1/backups|multipart/form-data; boundary=x|--x--",
					"DELETE|/api/v1/backups/" + UNKNOWN + "|text/plain|{}" })
	void theNativeApiRefusesAnythingButJson(String method, String path, String contentType, String body) {
		HttpResponse<String> response = admin().send(method, path, contentType, body);
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(body(response).get("detail").asString()).contains("Content-Type: application/json")
			.contains("also when it has no body");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-",
			value = { "POST|/v1/create|text/plain|{\"label\": \"plain\"}", "POST|/system/v1/backup/v1/restore|-|-",
					"POST|/v1/restore|application/x-www-form-urlencoded|id=" + UNKNOWN,
					"DELETE|/v1/delete|text/plain|{\"id\": \"" + UNKNOWN + "\"}" })
	void theDcosApiRefusesAnythingButJson(String method, String path, String contentType, String body) {
		HttpResponse<String> response = admin().send(method, path, contentType, body);
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(body(response).get("errors").get(0).asString()).contains("Content-Type: application/json");
	}

	@Test
	void jsonWithACharsetAndBodylessDeletesAreAccepted() {
		assertThat(admin()
			.send("POST", "/api/v1/backups/" + UNKNOWN + "/restores", "application/json; charset=utf-8", "{}")
			.statusCode()).isEqualTo(404);
		assertThat(admin().send("DELETE", "/api/v1/backups/" + UNKNOWN, null, null).statusCode()).isEqualTo(404);
	}

	@Test
	void theJavaClientSendsJsonOnABodylessRestore() {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port))
			.bearerToken(TestTokens.token("otto"))
			.build();
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> client.createRestore(UNKNOWN, null))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(BackplaneApiException.Kind.NOT_FOUND));
	}

	@Test
	void anUnauthenticatedFormIsRefusedAsUnauthenticatedFirst() {
		assertThat(anonymous().send("POST", "/api/v1/backups", "application/x-www-form-urlencoded", "label=form")
			.statusCode()).isEqualTo(401);
	}

	@Test
	void aListedOriginGetsCorsHeaders() {
		HttpResponse<String> response = viewer().with("Origin", "https://console.example.com")
			.get("/api/v1/components");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
			.hasValue("https://console.example.com");
		HttpResponse<String> preflight = anonymous().with("Origin", "https://console.example.com")
			.with("Access-Control-Request-Method", "POST")
			.with("Access-Control-Request-Headers", "authorization,content-type")
			.send("OPTIONS", "/api/v1/backups", null, null);
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
			.hasValue("https://console.example.com");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValueSatisfying((methods) -> assertThat(methods).contains("POST"));
	}

	@Test
	void anotherOriginGetsNone() {
		HttpResponse<String> response = viewer().with("Origin", "https://evil.example").get("/api/v1/components");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		HttpResponse<String> preflight = anonymous().with("Origin", "https://evil.example")
			.with("Access-Control-Request-Method", "DELETE")
			.send("OPTIONS", "/api/v1/backups/" + UNKNOWN, null, null);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

}
