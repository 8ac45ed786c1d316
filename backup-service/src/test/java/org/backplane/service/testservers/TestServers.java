package org.backplane.service.testservers;

/**
 * The test servers of this JVM, each started once on first use and stopped by its PID
 * when the JVM ends; for code that needs a server before JUnit can inject one (e.g. a
 * {@code @DynamicPropertySource} method). Tests should prefer
 * {@link TestServersExtension}, which hands out the same instances.
 * <p>
 * The switch between the embedded servers and Testcontainers' ones: with the system
 * property {@value #MODE}{@code =containers} (what {@code -Pcontainers} sets) the S3
 * server is MinIO, Azurite runs from its image, the shared service context uses a
 * PostgreSQL container ({@link #postgres()}) and the ZooKeeper tests a ZooKeeper
 * container ({@link ZooKeeperTestServer}); without it, S3Proxy, Azurite from npm, the
 * embedded PostgreSQL and Curator's {@code TestingServer}.
 */
public final class TestServers {

	/** The system property that picks the servers: {@code containers} or unset. */
	public static final String MODE = "backplane.test-servers";

	private static S3ProxyServer s3proxy;

	private static AzuriteServer azurite;

	private static S3ProxyServer bucketSource;

	private static Containers.Database postgres;

	private TestServers() {
	}

	/**
	 * The S3Proxy server, started if needed.
	 * @return the server
	 * @throws IllegalStateException if it cannot start
	 */
	public static synchronized S3ProxyServer s3proxy() {
		if (s3proxy == null) {
			s3proxy = containers() ? S3ProxyServer.startMinio() : S3ProxyServer.start();
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
			azurite = containers() ? AzuriteServer.startContainer() : AzuriteServer.start();
			Runtime.getRuntime().addShutdownHook(new Thread(azurite::close, "stop-azurite"));
		}
		return azurite;
	}

	/**
	 * Whether this run uses Testcontainers' servers ({@code -Pcontainers}).
	 * @return {@code true} when {@value #MODE} is {@code containers}
	 */
	public static boolean containers() {
		return "containers".equals(System.getProperty(MODE));
	}

	/**
	 * The PostgreSQL container of {@code -Pcontainers}, started if needed: the JDBC URL,
	 * user and password as {@code spring.datasource.*} properties.
	 * @return {@code url}, {@code username} and {@code password}
	 * @throws IllegalStateException without {@code -Pcontainers} or without a Docker
	 * engine
	 */
	public static synchronized java.util.Map<String, String> postgres() {
		if (!containers()) {
			throw new IllegalStateException("The PostgreSQL container runs only with -Pcontainers");
		}
		if (postgres == null) {
			postgres = Containers.postgres();
			Runtime.getRuntime().addShutdownHook(new Thread(postgres.stop(), "stop-postgres"));
		}
		return java.util.Map.of("url", postgres.url(), "username", postgres.username(), "password",
				postgres.password());
	}

}
