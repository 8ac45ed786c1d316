package org.backplane.service.support;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shared beans: the clock (tests replace it).
 */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

	/**
	 * The system clock in UTC, ticking in microseconds: PostgreSQL keeps timestamps to
	 * the microsecond, so an instant read back from the catalogue equals the one written
	 * (DC/OS timestamps, keyset cursors).
	 * @return the clock the service reads the time from
	 */
	@Bean
	Clock clock() {
		return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
	}

}
