package org.backplane.service.testservers;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moto's S3 server ({@code moto_server}, the Python package {@code moto}), a real HTTP
 * server that, unlike S3Proxy, implements bucket versioning, policies, tags, object lock
 * and object tags: what a {@code buckets} backup records and a restore gives back. Not
 * fetched by the build (it is Python, and this machine reaches no Python index): used
 * where it is installed, as on the machines these tests run on; a test without it says so
 * loudly and is skipped.
 */
public final class MotoServer implements AutoCloseable {

	private final ServerProcess process;

	private MotoServer(ServerProcess process) {
		this.process = process;
	}

	/**
	 * Starts a server on a free port, if {@code moto_server} is on the {@code PATH}; the
	 * caller closes it.
	 * @return the server, or empty without {@code moto_server}
	 */
	public static Optional<MotoServer> startIfInstalled() {
		Optional<Path> command = onPath("moto_server");
		if (command.isEmpty()) {
			return Optional.empty();
		}
		int port = ServerProcess.freePort();
		Path workDir = ServerProcess.testServersDirectory().resolve("moto-" + port);
		return Optional.of(new MotoServer(
				ServerProcess.start("moto", List.of(command.get().toString(), "-H", "127.0.0.1", "-p", "" + port),
						Map.of(), workDir, port, Duration.ofSeconds(60))));
	}

	private static Optional<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * The server's endpoint (any credentials are accepted).
	 * @return e.g. {@code http://127.0.0.1:40123}
	 */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.process.port());
	}

	@Override
	public void close() {
		this.process.close();
	}

}
