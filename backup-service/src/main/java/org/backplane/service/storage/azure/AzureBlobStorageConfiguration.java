package org.backplane.service.storage.azure;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code azure} storage adapter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AzureBlobStorageProperties.class)
class AzureBlobStorageConfiguration {

	@Bean
	AzureBlobStorageProviderFactory azureBlobStorageProviderFactory(AzureBlobStorageProperties properties) {
		return new AzureBlobStorageProviderFactory(properties);
	}

}
