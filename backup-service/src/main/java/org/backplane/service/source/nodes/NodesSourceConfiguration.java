package org.backplane.service.source.nodes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code nodes} source type.
 */
@Configuration(proxyBeanMethods = false)
class NodesSourceConfiguration {

	@Bean
	NodesSourceComponentFactory nodesSourceComponentFactory() {
		return new NodesSourceComponentFactory();
	}

}
