package org.backplane.service.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base for {@link ServiceIntegrationTest} classes: points {@code backplane.home} at the
 * per-JVM home.
 */
public abstract class ServiceHomeProperties {

	@DynamicPropertySource
	static void home(DynamicPropertyRegistry registry) {
		registry.add("backplane.home", () -> ServiceHome.get().toString());
	}

}
