package org.backplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * What the plugin's integration tests start besides the plugin: a real S3Proxy (the jar
 * the service's build copies to {@code backup-service/target/test-servers}) and the real
 * service jar.
 */
final class TestServices {

	private TestServices() {
	}

	/**
	 * @return the S3Proxy jar, then the service jar; the test fails if either is missing
	 */
	static Path[] jars() {
		Path s3jar = Path
			.of(System.getProperty("backplane.s3proxyJar", "../backup-service/target/test-servers/s3proxy.jar"));
		Path jar = Path.of(System.getProperty("backplane.serviceJar", "../backup-service/target/backup-service.jar"));
		if (!Files.isRegularFile(s3jar) || !Files.isRegularFile(jar)) {
			fail("Need " + s3jar.toAbsolutePath() + " and " + jar.toAbsolutePath()
					+ ": build with ./mvnw -pl backup-service -am package -DskipTests");
		}
		return new Path[] { s3jar, jar };
	}

	/**
	 * Starts S3Proxy with the {@code filesystem-nio2} back end (a bucket is a folder of
	 * {@code data}, an object a file) and waits until it listens.
	 * @param s3jar its jar
	 * @param dir its folder (configuration, log)
	 * @param data where it keeps the buckets
	 * @param port its port
	 * @param identity its access key id
	 * @param credential its secret key
	 * @return the process
	 * @throws Exception if it cannot start
	 */
	static Process startS3Proxy(Path s3jar, Path dir, Path data, int port, String identity, String credential)
			throws Exception {
		Files.createDirectories(data);
		Files.writeString(dir.resolve("s3proxy.conf"),
				String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
						"s3proxy.identity=" + identity, "s3proxy.credential=" + credential,
						"s3proxy.ignore-unknown-headers=true", "jclouds.provider=filesystem-nio2",
						"jclouds.filesystem.basedir=" + data, "jclouds.identity=unused", "jclouds.credential=unused",
						""));
		ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx256m", "-jar", s3jar.toAbsolutePath().toString(),
				"--properties", dir.resolve("s3proxy.conf").toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("s3proxy.log").toFile());
		builder.environment().put("LOG_LEVEL", "warn");
		Process process = builder.start();
		PlanCommandsIntegrationTests.awaitPort(port);
		return process;
	}

	/**
	 * Stops processes, each within a minute or forcibly.
	 * @param processes the processes; {@code null}s (never started) are skipped
	 * @throws InterruptedException if interrupted while waiting
	 */
	static void stop(Process... processes) throws InterruptedException {
		for (Process process : processes) {
			if (process != null) {
				process.destroy();
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
		}
	}

	static String java() {
		return ProcessHandle.current().info().command().orElse("java");
	}

}
