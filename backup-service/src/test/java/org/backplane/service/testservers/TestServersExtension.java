package org.backplane.service.testservers;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects {@link S3ProxyServer} and {@link AzuriteServer} parameters (constructor, lifecycle or test methods),
 * starting each server once per test run on first use and stopping it by its PID when the run ends (the root
 * store closes it). Use with {@code @ExtendWith(TestServersExtension.class)}.
 */
public final class TestServersExtension implements ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(TestServersExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == S3ProxyServer.class || type == AzuriteServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		ExtensionContext.Store store = extensionContext.getRoot().getStore(NAMESPACE);
		Class<?> type = parameterContext.getParameter().getType();
		if (type == S3ProxyServer.class) {
			return store.computeIfAbsent(S3ProxyServer.class, (key) -> S3ProxyServer.start(), S3ProxyServer.class);
		}
		return store.computeIfAbsent(AzuriteServer.class, (key) -> AzuriteServer.start(), AzuriteServer.class);
	}

}
