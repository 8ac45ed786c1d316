package org.backplane.service.support;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shared beans: the clock (tests replace it).
 */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
