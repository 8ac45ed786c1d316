package org.backplane.service.source.buckets;

import org.backplane.service.config.BackplaneProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code buckets} source type.
 */
@Configuration(proxyBeanMethods = false)
class BucketsSourceConfiguration {

	@Bean
	BucketsSourceComponentFactory bucketsSourceComponentFactory(BackplaneProperties properties) {
		return new BucketsSourceComponentFactory(properties.home().resolve("spool").resolve("buckets"));
	}

}
