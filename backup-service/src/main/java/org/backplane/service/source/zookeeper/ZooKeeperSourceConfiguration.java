package org.backplane.service.source.zookeeper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code zookeeper} source type.
 */
@Configuration(proxyBeanMethods = false)
class ZooKeeperSourceConfiguration {

	@Bean
	ZooKeeperSourceComponentFactory zooKeeperSourceComponentFactory() {
		return new ZooKeeperSourceComponentFactory();
	}

}
