package org.backplane.service.testsupport;

import org.backplane.service.testservers.TestServers;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base for {@link ServiceIntegrationTest} classes: points {@code backplane.home} at the
 * per-JVM home, and under {@code -Pcontainers} the datasource at the PostgreSQL container
 * ({@link TestServers#postgres()}) instead of the embedded PostgreSQL.
 */
public abstract class ServiceHomeProperties {

	@DynamicPropertySource
	static void home(DynamicPropertyRegistry registry) {
		registry.add("backplane.home", () -> ServiceHome.get().toString());
		if (TestServers.containers()) {
			registry.add("spring.datasource.url", () -> TestServers.postgres().get("url"));
			registry.add("spring.datasource.username", () -> TestServers.postgres().get("username"));
			registry.add("spring.datasource.password", () -> TestServers.postgres().get("password"));
		}
	}

}
