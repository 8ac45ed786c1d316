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

	private static S3ProxyServer bucketSource;

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
	 * A second S3Proxy server, in its own process and data folder, standing in for the
	 * S3-compatible service (MinIO) a {@code buckets} component backs up; started if
	 * needed. The first, {@link #s3proxy()}, stays the storage.
	 * @return the server
	 * @throws IllegalStateException if it cannot start
	 */
	public static synchronized S3ProxyServer bucketSource() {
		if (bucketSource == null) {
			bucketSource = S3ProxyServer.start();
			Runtime.getRuntime().addShutdownHook(new Thread(bucketSource::close, "stop-s3proxy-source"));
		}
		return bucketSource;
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
