package org.backplane.service.storage.azure;

import org.backplane.service.storage.TransferBudget;

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
	AzureBlobStorageProviderFactory azureBlobStorageProviderFactory(AzureBlobStorageProperties properties,
			TransferBudget budget) {
		return new AzureBlobStorageProviderFactory(properties, budget);
	}

}
