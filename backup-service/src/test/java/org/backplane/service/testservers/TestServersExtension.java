package org.backplane.service.testservers;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects {@link S3ProxyServer} and {@link AzuriteServer} parameters (constructor,
 * lifecycle or test methods), starting each server once per test JVM on first use
 * ({@link TestServers}) and stopping it by its PID when the JVM ends. Use with
 * {@code @ExtendWith(TestServersExtension.class)}. A server that cannot start fails the
 * test.
 */
public final class TestServersExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == S3ProxyServer.class || type == AzuriteServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return (parameterContext.getParameter().getType() == S3ProxyServer.class) ? TestServers.s3proxy()
				: TestServers.azurite();
	}

}
