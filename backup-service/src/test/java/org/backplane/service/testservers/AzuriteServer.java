package org.backplane.service.testservers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Azurite's blob service (npm {@code azurite}, installed by the build into
 * {@code target/azurite} from the pinned {@code src/test/azurite/package-lock.json}) on a
 * free loopback port, with telemetry off, API version checks skipped (the Java SDK asks
 * for a newer version than Azurite knows) and loose mode; under {@code -Pcontainers}
 * Azurite's container image with the same options ({@link TestServers#containers()}).
 */
public final class AzuriteServer implements AutoCloseable {

	/** Azurite's well-known development account. */
	public static final String ACCOUNT = "devstoreaccount1";

	/** The development account's well-known key. */
	public static final String ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

	private final Runnable stop;

	private final long pid;

	private final String endpoint;

	private AzuriteServer(Runnable stop, long pid, String endpoint) {
		this.stop = stop;
		this.pid = pid;
		this.endpoint = endpoint;
	}

	/**
	 * An Azurite container, for {@code -Pcontainers}.
	 * @return the server
	 */
	static AzuriteServer startContainer() {
		Containers.Started azurite = Containers.azurite();
		return new AzuriteServer(azurite.stop(), -1, azurite.endpoint().toString());
	}

	static AzuriteServer start() {
		Path home = Path.of(System.getProperty("backplane.test-servers.azurite", "target/azurite")).toAbsolutePath();
		Path script = home.resolve("node_modules/azurite/dist/src/blob/main.js");
		if (!Files.isRegularFile(script)) {
			throw new IllegalStateException("Azurite not installed at " + home
					+ ": run the integration tests through Maven (./mvnw -B verify -pl backup-service -am ...), whose pre-integration-test phase installs it with npm ci (needs node and npm)");
		}
		int port = ServerProcess.freePort();
		Path workDir = ServerProcess.testServersDirectory().resolve("azurite-" + port);
		ServerProcess process = ServerProcess.start("azurite",
				List.of("node", script.toString(), "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
						"--location", workDir.resolve("data").toString(), "--disableTelemetry", "--skipApiVersionCheck",
						"--loose", "--silent"),
				Map.of(), workDir, port, Duration.ofSeconds(60));
		return new AzuriteServer(process::close, process.pid(), "http://127.0.0.1:" + port + "/" + ACCOUNT);
	}

	/**
	 * The blob endpoint of the development account.
	 * @return e.g. {@code http://127.0.0.1:40123/devstoreaccount1}
	 */
	public String blobEndpoint() {
		return this.endpoint;
	}

	/**
	 * A connection string for the development account.
	 * @return the connection string
	 */
	public String connectionString() {
		return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY + ";BlobEndpoint="
				+ this.endpoint + ";";
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
