package org.backplane.service.storage.file;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code file} storage adapter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FileStorageProperties.class)
class FileStorageConfiguration {

	@Bean
	FileStorageProviderFactory fileStorageProviderFactory(FileStorageProperties properties) {
		return new FileStorageProviderFactory(properties.fsync(), properties.modes());
	}

}
