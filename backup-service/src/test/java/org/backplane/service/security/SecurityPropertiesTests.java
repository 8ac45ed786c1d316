package org.backplane.service.security;

import java.util.Map;

import org.backplane.service.support.Role;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code backplane.security.*} binds as the deploy files and the docs write it: static
 * tokens from environment variables ({@code BACKPLANE_SECURITY_TOKENS_ADMIN_SHA256}),
 * uids with dots and {@code @} in brackets, and the default role.
 */
class SecurityPropertiesTests {

	private static final String DIGEST = TestTokens.sha256("a-token");

	@Test
	void staticTokensBindFromEnvironmentVariables() {
		SecurityProperties properties = bind(
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("BACKPLANE_SECURITY_TOKENS_ADMIN_SHA256", DIGEST.toUpperCase(),
								"BACKPLANE_SECURITY_TOKENS_ADMIN_ROLE", "admin", "BACKPLANE_SECURITY_JWT_JWK_SET_URI",
								"http://master.mesos/acs/api/v1/auth/jwks")));
		assertThat(properties.authenticationConfigured()).isTrue();
		assertThat(properties.tokens()).containsOnlyKeys("admin");
		assertThat(properties.tokens().get("admin").sha256()).isEqualTo(DIGEST);
		assertThat(properties.jwt().jwkSetUri()).hasToString("http://master.mesos/acs/api/v1/auth/jwks");
	}

	@Test
	void uidsInBracketsKeepTheirDotsAndTheDefaultRoleAppliesToOthers() {
		SecurityProperties properties = bind(
				new MapPropertySource("yaml", Map.of("backplane.security.roles[first.last@example.com]", "operator",
						"backplane.security.roles.ada", "admin", "backplane.security.default-role", "viewer")));
		assertThat(properties.authenticationConfigured()).isFalse();
		assertThat(properties.roleOf("first.last@example.com")).isEqualTo(Role.OPERATOR);
		assertThat(properties.roleOf("ada")).isEqualTo(Role.ADMIN);
		assertThat(properties.roleOf("someone")).isEqualTo(Role.VIEWER);
	}

	@Test
	void withoutADefaultRoleAnUnlistedUidHasNone() {
		SecurityProperties properties = bind(
				new MapPropertySource("yaml", Map.of("backplane.security.roles.ada", "admin")));
		assertThat(properties.roleOf("someone")).isNull();
	}

	private static SecurityProperties bind(PropertySource<?> source) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(source);
		ConfigurationPropertySources.attach(environment);
		return Binder.get(environment).bind("backplane.security", SecurityProperties.class).get();
	}

}
