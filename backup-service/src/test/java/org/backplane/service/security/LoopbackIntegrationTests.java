package org.backplane.service.security;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.backplane.service.BackupServiceApplication;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The safe default: bound beyond loopback ({@code 0.0.0.0}) with no authentication the
 * service refuses to start, naming the keys to set; with authentication (here a PEM
 * public key) it starts, and checks tokens against that key.
 */
class LoopbackIntegrationTests {

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
			assertThat(client.bearer(TestTokens.token("ada")).get("/api/v1/components").statusCode()).isEqualTo(200);
			HttpResponse<String> otherKey = client
				.bearer(TestTokens.token(TestTokens.UNKNOWN, "ada", Instant.now().plusSeconds(3600)))
				.get("/api/v1/components");
			assertThat(otherKey.statusCode()).isEqualTo(401);
			assertThat(client.bearer(TestTokens.unsigned("ada")).get("/api/v1/components").statusCode()).isEqualTo(401);
		}
	}

	private static ConfigurableApplicationContext start(List<String> settings) {
		List<String> args = new ArrayList<>(settings);
		args.add("--server.port=0");
		args.add("--backplane.home=" + ServiceHome.newDirectory("loopback"));
		return new SpringApplicationBuilder(BackupServiceApplication.class).run(args.toArray(String[]::new));
	}

}
