package org.backplane.service.security;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.backplane.service.BackupServiceApplication;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The safe default: on its default loopback address with no authentication every caller
 * is the anonymous admin (still JSON only, still no CORS header); bound beyond loopback
 * ({@code 0.0.0.0}) with no authentication the service refuses to start, naming the keys
 * to set; with authentication (here a PEM public key) it starts, and checks tokens
 * against that key. Each starts its own service, as {@code job/ClusterIntegrationTests}
 * does.
 */
class LoopbackIntegrationTests {

	private static final String UNKNOWN = "/api/v1/backups/loop-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";

	@Test
	void onEveryAddressWithoutAuthenticationItRefusesToStart() {
		assertThatExceptionOfType(InsecureBindingException.class)
			.isThrownBy(() -> start(List.of("--server.address=0.0.0.0")).close())
			.withMessageContaining("0.0.0.0 (server.address) with no authentication configured")
			.withMessageContaining("backplane.security.jwt.jwk-set-uri")
			.withMessageContaining("backplane.security.jwt.public-key-location")
			.withMessageContaining("backplane.security.tokens.<name>.sha256")
			.withMessageContaining("server.address=127.0.0.1");
	}

	@Test
	void onEveryAddressWithAPemKeyItStartsAndChecksTokensAgainstIt() {
		try (ConfigurableApplicationContext context = start(List.of("--server.address=0.0.0.0",
				"--backplane.security.jwt.public-key-location=" + TestTokens.pem(TestTokens.TRUSTED),
				"--backplane.security.roles.ada=admin"))) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			Client client = Client.anonymous(port);
			assertThat(client.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(client.get("/api/v1/components").statusCode()).isEqualTo(401);
			HttpResponse<String> good = client.bearer(TestTokens.token("ada")).get("/api/v1/components");
			assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
			HttpResponse<String> otherKey = client
				.bearer(TestTokens.token(TestTokens.UNKNOWN, "ada", Instant.now().plusSeconds(3600)))
				.get("/api/v1/components");
			assertThat(otherKey.statusCode()).isEqualTo(401);
			assertThat(client.bearer(TestTokens.unsigned("ada")).get("/api/v1/components").statusCode()).isEqualTo(401);
		}
	}

	@Test
	void onLoopbackWithoutAuthenticationEveryCallerIsTheAnonymousAdmin() {
		try (ConfigurableApplicationContext context = start(List.of())) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			Client client = Client.anonymous(port);
			assertThat(client.get("/api/v1/components").statusCode()).isEqualTo(200);
			assertThat(client.get("/actuator/health").body()).contains("components");
			assertThat(client.send("DELETE", UNKNOWN, null, null).statusCode()).isEqualTo(404);
			// mutating requests must still be JSON, a body-less POST too
			HttpResponse<String> bodyless = client.send("POST", UNKNOWN + "/restores", null, null);
			assertThat(bodyless.statusCode()).isEqualTo(415);
			assertThat(bodyless.body()).contains("Content-Type: application/json");
			assertThat(client.send("POST", UNKNOWN + "/restores", "application/json", null).statusCode())
				.isEqualTo(404);
			HttpResponse<String> dcos = client.send("POST", "/v1/restore", null, null);
			assertThat(dcos.statusCode()).isEqualTo(415);
			assertThat(dcos.body()).startsWith("{\"errors\":[");
			// and no CORS header is ever sent
			Client fromElsewhere = client.with("Origin", "https://evil.example");
			HttpResponse<String> read = fromElsewhere.get("/api/v1/components");
			assertThat(read.statusCode()).isEqualTo(200);
			assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
			HttpResponse<String> preflight = fromElsewhere.with("Access-Control-Request-Method", "POST")
				.with("Access-Control-Request-Headers", "content-type")
				.send("OPTIONS", "/api/v1/backups", null, null);
			assertThat(preflight.headers().map().keySet())
				.noneMatch((name) -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
		}
	}

	private static ConfigurableApplicationContext start(List<String> settings) {
		List<String> args = new ArrayList<>(settings);
		args.add("--server.port=0");
		args.add("--backplane.home=" + ServiceHome.newDirectory("loopback"));
		return new SpringApplicationBuilder(BackupServiceApplication.class).run(args.toArray(String[]::new));
	}

}
