package org.backplane.service.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
