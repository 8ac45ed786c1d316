package org.backplane.service.testservers;

/**
 * The test servers of this JVM, each started once on first use and stopped by its PID
 * when the JVM ends; for code that needs a server before JUnit can inject one (e.g. a
 * {@code @DynamicPropertySource} method). Tests should prefer
 * {@link TestServersExtension}, which hands out the same instances.
 */
public final class TestServers {

	private static S3ProxyServer s3proxy;

	private static AzuriteServer azurite;

	private TestServers() {
	}

	/**
	 * The S3Proxy server, started if needed.
	 * @return the server
	 * @throws IllegalStateException if it cannot start
	 */
	public static synchronized S3ProxyServer s3proxy() {
		if (s3proxy == null) {
			s3proxy = S3ProxyServer.start();
			Runtime.getRuntime().addShutdownHook(new Thread(s3proxy::close, "stop-s3proxy"));
		}
		return s3proxy;
	}

	/**
	 * The Azurite server, started if needed.
	 * @return the server
	 * @throws IllegalStateException if it cannot start
	 */
	public static synchronized AzuriteServer azurite() {
		if (azurite == null) {
			azurite = AzuriteServer.start();
			Runtime.getRuntime().addShutdownHook(new Thread(azurite::close, "stop-azurite"));
		}
		return azurite;
	}

}
