package org.backplane.service.source.directory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code directory} source type.
 */
@Configuration(proxyBeanMethods = false)
class DirectorySourceConfiguration {

	@Bean
	DirectorySourceComponentFactory directorySourceComponentFactory() {
		return new DirectorySourceComponentFactory();
	}

}
