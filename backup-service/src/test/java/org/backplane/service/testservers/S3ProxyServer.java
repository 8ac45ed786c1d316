package org.backplane.service.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy (standalone jar, copied into {@code target/test-servers} by the build) on a
 * free loopback port with the on-disk {@code filesystem-nio2} back end and the settings
 * TEST-SERVERS.md requires. Clients must use path-style addressing, region
 * {@code us-east-1} and {@code checksums=when_required}.
 */
public final class S3ProxyServer implements AutoCloseable {

	/** The access key S3Proxy is configured with. */
	public static final String ACCESS_KEY = "local-identity";

	/** The secret key S3Proxy is configured with. */
	public static final String SECRET_KEY = "local-credential";

	private final ServerProcess process;

	private final URI endpoint;

	private final Path data;

	private S3ProxyServer(ServerProcess process, URI endpoint, Path data) {
		this.process = process;
		this.endpoint = endpoint;
		this.data = data;
	}

	static S3ProxyServer start() {
		return start("s3proxy.jar");
	}

	/**
	 * Starts the older S3Proxy release the build also copies, which ignores
	 * {@code If-None-Match: *} on writes as older S3-compatible servers do; not shared,
	 * the caller closes it.
	 * @return the server
	 */
	public static S3ProxyServer startLegacy() {
		return start("s3proxy-legacy.jar");
	}

	private static S3ProxyServer start(String jarName) {
		Path jar = ServerProcess.testServersDirectory().resolve(jarName);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("S3Proxy jar not found at " + jar
					+ ": build with ./mvnw -pl backup-service process-test-resources (it is copied from Maven Central)");
		}
		int port = ServerProcess.freePort();
		Path workDir = ServerProcess.testServersDirectory().resolve("s3proxy-" + port);
		Path data = workDir.resolve("data");
		String java = ProcessHandle.current().info().command().orElse("java");
		try {
			Files.createDirectories(data);
			Files.writeString(workDir.resolve("s3proxy.conf"),
					String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
							"s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET_KEY,
							"s3proxy.ignore-unknown-headers=true", "jclouds.provider=filesystem-nio2",
							"jclouds.filesystem.basedir=" + data, "jclouds.identity=unused",
							"jclouds.credential=unused", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ServerProcess process = ServerProcess.start("s3proxy",
				List.of(java, "-Xmx512m", "-jar", jar.toString(), "--properties",
						workDir.resolve("s3proxy.conf").toString()),
				Map.of("LOG_LEVEL", "warn"), workDir, port, Duration.ofSeconds(60));
		return new S3ProxyServer(process, URI.create("http://127.0.0.1:" + port), data);
	}

	/**
	 * The server's endpoint.
	 * @return e.g. {@code http://127.0.0.1:40123}
	 */
	public URI endpoint() {
		return this.endpoint;
	}

	/**
	 * Creates a bucket if it does not exist (with the {@code filesystem-nio2} back end a
	 * bucket is a directory, so no S3 client is needed).
	 * @param bucket the bucket's name
	 */
	public void createBucket(String bucket) {
		try {
			Files.createDirectories(this.data.resolve(bucket));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Where the {@code filesystem-nio2} back end keeps a bucket's objects (one file per
	 * key).
	 * @param bucket the bucket's name
	 * @return its directory
	 */
	public Path bucketDirectory(String bucket) {
		return this.data.resolve(bucket);
	}

	/**
	 * The PID of the server process.
	 * @return the PID
	 */
	public long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		this.process.close();
	}

}
