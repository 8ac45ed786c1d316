package org.backplane.service.storage.s3;

import org.backplane.service.storage.TransferBudget;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code s3} storage adapter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3StorageProperties.class)
class S3StorageConfiguration {

	@Bean
	S3StorageProviderFactory s3StorageProviderFactory(S3StorageProperties properties, TransferBudget budget) {
		return new S3StorageProviderFactory(properties, budget);
	}

}
