package org.backplane.service.security;

import java.net.http.HttpResponse;
import java.util.Locale;

import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default: no authentication configured, on 127.0.0.1 (the shared service context
 * most API tests use). Every caller is the anonymous admin; mutating requests must still
 * be JSON, and no CORS header is ever sent.
 */
@ServiceIntegrationTest
class UnauthenticatedLoopbackIntegrationTests extends ServiceHomeProperties {

	private static final String UNKNOWN = "/api/v1/backups/loop-6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";

	@LocalServerPort
	int port;

	@Test
	void theAnonymousCallerIsAnAdmin() {
		Client client = Client.anonymous(this.port);
		assertThat(client.get("/api/v1/components").statusCode()).isEqualTo(200);
		assertThat(client.send("DELETE", UNKNOWN, null, null).statusCode()).isEqualTo(404);
		assertThat(client.get("/actuator/health").body()).contains("components");
	}

	@Test
	void aBodylessPostWithoutJsonContentTypeIs415() {
		Client client = Client.anonymous(this.port);
		HttpResponse<String> response = client.send("POST", UNKNOWN + "/restores", null, null);
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.body()).contains("Content-Type: application/json");
		assertThat(client.send("POST", UNKNOWN + "/restores", "application/json", null).statusCode()).isEqualTo(404);
		HttpResponse<String> dcos = client.send("POST", "/v1/restore", null, null);
		assertThat(dcos.statusCode()).isEqualTo(415);
		assertThat(dcos.body()).startsWith("{\"errors\":[");
	}

	@Test
	void noCorsHeaderIsSentByDefault() {
		Client fromElsewhere = Client.anonymous(this.port).with("Origin", "https://evil.example");
		HttpResponse<String> response = fromElsewhere.get("/api/v1/components");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		HttpResponse<String> preflight = fromElsewhere.with("Access-Control-Request-Method", "POST")
			.with("Access-Control-Request-Headers", "content-type")
			.send("OPTIONS", "/api/v1/backups", null, null);
		assertThat(preflight.headers().map().keySet())
			.noneMatch((name) -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
	}

}
