package org.backplane.service.source.buckets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code buckets} source type.
 */
@Configuration(proxyBeanMethods = false)
class BucketsSourceConfiguration {

	@Bean
	BucketsSourceComponentFactory bucketsSourceComponentFactory() {
		return new BucketsSourceComponentFactory();
	}

}
