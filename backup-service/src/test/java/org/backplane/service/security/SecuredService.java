package org.backplane.service.security;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.backplane.service.testsupport.ServiceHome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * Base of the tests of the service with authentication configured: one Spring context
 * shared by every subclass, with DC/OS tokens checked against a JWKS served by a real
 * local HTTP server ({@link TestTokens}) and static API tokens, together, on 127.0.0.1.
 * Roles: {@code vera} viewer, {@code otto} operator, {@code ada} admin,
 * {@code first.last@example.com} operator (a uid written in brackets); {@code nobody} has
 * none (no default role). Static tokens: {@code ci} operator, {@code dashboard} viewer.
 * CORS for {@code https://console.example.com} only. Components: {@code alpha} (restore
 * policy fail-if-exists) and {@code gamma} (overwrite).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "backplane.components.alpha.type=synthetic",
				"backplane.components.alpha.items=5", "backplane.components.gamma.type=synthetic",
				"backplane.components.gamma.items=5", "backplane.components.gamma.restore-policy=overwrite",
				"backplane.runner.polling-interval=200ms", "backplane.runner.heartbeat-interval=500ms",
				"backplane.runner.stale-after=5s", "backplane.runner.reaper-interval=1s",
				"backplane.security.roles.vera=viewer", "backplane.security.roles.otto=operator",
				"backplane.security.roles.ada=admin", "backplane.security.roles[first.last@example.com]=operator",
				"backplane.security.tokens.ci.role=operator", "backplane.security.tokens.dashboard.role=viewer",
				"backplane.security.cors.allowed-origins=https://console.example.com" })
abstract class SecuredService {

	static final JsonMapper json = JsonMapper.builder().build();

	private static final Path HOME = ServiceHome.newDirectory("secured");

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void security(DynamicPropertyRegistry registry) {
		registry.add("backplane.home", HOME::toString);
		registry.add("backplane.security.jwt.jwk-set-uri", TestTokens::jwksUri);
		registry.add("backplane.security.tokens.ci.sha256", () -> TestTokens.sha256(TestTokens.CI_TOKEN));
		registry.add("backplane.security.tokens.dashboard.sha256", () -> TestTokens.sha256(TestTokens.DASHBOARD_TOKEN));
	}

	Client anonymous() {
		return Client.anonymous(this.port);
	}

	/**
	 * @param uid a DC/OS uid
	 * @return a client sending a good DC/OS token for the uid as a bearer token
	 */
	Client as(String uid) {
		return anonymous().bearer(TestTokens.token(uid));
	}

	Client viewer() {
		return as("vera");
	}

	Client operator() {
		return as("otto");
	}

	Client admin() {
		return as("ada");
	}

	static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	/**
	 * Starts a backup as an operator and waits until it is ready.
	 * @param label the label
	 * @param components the components
	 * @return its id
	 */
	String readyBackup(String label, String... components) {
		String list = String.join("\", \"", components);
		HttpResponse<String> created = operator().postJson("/api/v1/backups",
				"{\"label\": \"" + label + "\", \"components\": [\"" + list + "\"]}");
		if (created.statusCode() != 202) {
			throw new IllegalStateException("Backup not started: " + created.statusCode() + " " + created.body());
		}
		String id = body(created).get("id").asString();
		awaitStatus(id, "STATUS_READY");
		return id;
	}

	void awaitStatus(String backupId, String status) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> status.equals(body(viewer().get("/api/v1/backups/" + backupId)).get("status").asString()));
	}

}
