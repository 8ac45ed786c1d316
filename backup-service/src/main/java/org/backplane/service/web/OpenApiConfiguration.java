package org.backplane.service.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.backplane.service.support.Caller;
import org.backplane.service.support.ServiceVersion;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 description served at {@code /v3/api-docs} and shown by Swagger UI at
 * {@code /swagger-ui.html}. A committed copy lives in {@code docs/openapi.json}; a test
 * fails when it drifts. Declares the token every operation takes (so Swagger UI's
 * Authorize button sends it), and leaves out the {@link Caller} parameter controllers get
 * from the security layer.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String TOKEN = "token";

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	@Bean
	OpenAPI backplaneOpenApi(ServiceVersion version) {
		return new OpenAPI().info(new Info().title("Backplane")
			.version(version.get())
			.description("Backup control plane: back up ZooKeeper subtrees, buckets and directories into file, S3 or "
					+ "Azure storage, and restore them. Native API under /api/v1; DC/OS wire-compatible API under /v1 "
					+ "and /system/v1/backup/v1. Errors are RFC 9457 problems (DC/OS paths: {\"errors\": [...]}). "
					+ "With authentication configured every call needs a token (401 without one) and a role (403 "
					+ "naming the role needed): viewer for every GET, operator to create a backup or a restore, admin "
					+ "to delete and for overwrite, targetPath and placement parameters.")
			.license(new License().name("Apache-2.0")))
			.components(new Components().addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.bearerFormat("DC/OS token (RS256 JWT) or static API token")
				.description("Authorization: Bearer <token>. A DC/OS token (dcos config show core.dcos_acs_token; "
						+ "the DC/OS CLI sends Authorization: token=<token>, which is accepted too) or a static API "
						+ "token. Not needed when the service runs without authentication on a loopback address.")))
			.addSecurityItem(new SecurityRequirement().addList(TOKEN));
	}

	@Bean
	OpenApiCustomizer backplaneOpenApiResponses() {
		return new OpenApiResponses();
	}

}
