package org.backplane.service.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The S3 test server: S3Proxy (standalone jar, copied into {@code target/test-servers} by
 * the build) on a free loopback port with the on-disk {@code filesystem-nio2} back end
 * and the settings TEST-SERVERS.md requires; under {@code -Pcontainers} a MinIO container
 * with the same keys instead ({@link TestServers#containers()}). Clients must use
 * path-style addressing, region {@code us-east-1} and {@code checksums=when_required}.
 */
public final class S3ProxyServer implements AutoCloseable {

	/** The access key S3Proxy is configured with. */
	public static final String ACCESS_KEY = "local-identity";

	/** The secret key S3Proxy is configured with. */
	public static final String SECRET_KEY = "local-credential";

	private final Runnable stop;

	private final long pid;

	private final URI endpoint;

	private final Path data;

	private S3ProxyServer(Runnable stop, long pid, URI endpoint, Path data) {
		this.stop = stop;
		this.pid = pid;
		this.endpoint = endpoint;
		this.data = data;
	}

	static S3ProxyServer start() {
		return start("s3proxy.jar");
	}

	/**
	 * A MinIO container with this class's keys, for {@code -Pcontainers}.
	 * @return the server
	 */
	static S3ProxyServer startMinio() {
		Containers.Started minio = Containers.minio(ACCESS_KEY, SECRET_KEY);
		return new S3ProxyServer(minio.stop(), -1, minio.endpoint(), null);
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
		return new S3ProxyServer(process::close, process.pid(), URI.create("http://127.0.0.1:" + port), data);
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
	 * bucket is a directory, so no S3 client is needed; MinIO is asked through the AWS
	 * SDK).
	 * @param bucket the bucket's name
	 */
	public void createBucket(String bucket) {
		if (this.data == null) {
			try (S3Client s3 = S3Client.builder()
				.endpointOverride(this.endpoint)
				.region(Region.US_EAST_1)
				.forcePathStyle(true)
				.credentialsProvider(
						StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
				.build()) {
				s3.createBucket((request) -> request.bucket(bucket));
			}
			catch (BucketAlreadyOwnedByYouException ex) {
				// there already
			}
			return;
		}
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
	 * @throws IllegalStateException under {@code -Pcontainers}: MinIO keeps its objects
	 * in its container, so the tests that read S3Proxy's files run with the embedded
	 * servers only
	 */
	public Path bucketDirectory(String bucket) {
		if (this.data == null) {
			throw new IllegalStateException("MinIO (-Pcontainers) keeps its objects in its container: this test "
					+ "reads S3Proxy's files and runs with the embedded test servers only");
		}
		return this.data.resolve(bucket);
	}

	/**
	 * The PID of the server process.
	 * @return the PID, -1 for a container
	 */
	public long pid() {
		return this.pid;
	}

	@Override
	public void close() {
		this.stop.run();
	}

}
