package org.backplane.service.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The safe default: without authentication configured, the service serves an anonymous
 * admin, so it may only listen on a loopback address. Bound to any other address
 * ({@code server.address=0.0.0.0}, or unset) it refuses to start, naming the keys to set.
 * Checked before anything else starts (registered in {@code META-INF/spring.factories}),
 * and again by the security configuration.
 */
final class LoopbackGuard implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		SecurityProperties properties;
		try {
			properties = Binder.get(environment).bind("backplane.security", SecurityProperties.class).orElse(null);
		}
		catch (BindException ex) {
			// a bad value: the strict binding reports it, and the security configuration
			// checks the address again
			return;
		}
		check(properties != null && properties.authenticationConfigured(), environment.getProperty("server.address"));
	}

	/**
	 * Refuses an anonymous admin on an address other than loopback.
	 * @param authenticationConfigured whether tokens are required
	 * @param address {@code server.address}, {@code null} or blank for every address
	 * @throws InsecureBindingException if no authentication is configured and the address
	 * is not a loopback address
	 */
	static void check(boolean authenticationConfigured, @Nullable String address) {
		if (!authenticationConfigured && !isLoopback(address)) {
			throw new InsecureBindingException(address);
		}
	}

	static boolean isLoopback(@Nullable String address) {
		if (address == null || address.isBlank()) {
			return false;
		}
		try {
			return InetAddress.getByName(address.trim()).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
