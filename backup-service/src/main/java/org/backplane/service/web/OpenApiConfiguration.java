package org.backplane.service.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.backplane.service.support.ServiceVersion;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 description served at {@code /v3/api-docs} and shown by Swagger UI at
 * {@code /swagger-ui.html}. A committed copy lives in {@code docs/openapi.json}; a test
 * fails when it drifts.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI backplaneOpenApi(ServiceVersion version) {
		return new OpenAPI().info(new Info().title("Backplane")
			.version(version.get())
			.description("Backup control plane: back up ZooKeeper subtrees, buckets and directories into file, S3 or "
					+ "Azure storage, and restore them. Native API under /api/v1; DC/OS wire-compatible API under /v1 "
					+ "and /system/v1/backup/v1. Errors are RFC 9457 problems (DC/OS paths: {\"errors\": [...]}).")
			.license(new License().name("Apache-2.0")));
	}

}
