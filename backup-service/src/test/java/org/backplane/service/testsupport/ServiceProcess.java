package org.backplane.service.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service running in a child JVM on the test classpath (so the synthetic source is
 * available), for tests that kill it with SIGKILL or stop it with SIGTERM.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private static final java.util.Set<Long> ORPHANS = new java.util.LinkedHashSet<>();

	private final Path home;

	private ServiceProcess(Process process, int port, Path home) {
		this.process = process;
		this.port = port;
		this.home = home;
	}

	/**
	 * Starts the service and waits until it is ready.
	 * @param home its home
	 * @param log where its output goes
	 * @param args extra {@code --key=value} arguments
	 * @return the running service
	 */
	public static ServiceProcess start(Path home, Path log, String... args) {
		int port = freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
						System.getProperty("java.class.path"), "org.backplane.service.BackupServiceApplication",
						"--backplane.home=" + home, "--server.port=" + port, "--server.address=127.0.0.1"));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			ServiceProcess service = new ServiceProcess(process, port, home);
			service.awaitReady(Duration.ofSeconds(300));
			return service;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady(Duration timeout) {
		HttpClient client = HttpClient.newHttpClient();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"The service exited with " + this.process.exitValue() + " during start-up");
			}
			try {
				HttpResponse<String> response = client.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(250);
		}
		this.process.destroyForcibly();
		throw new IllegalStateException("The service did not become ready within " + timeout);
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	/** SIGKILL: no shutdown hook runs, the embedded PostgreSQL is orphaned. */
	public void kill() {
		this.process.destroyForcibly();
		waitFor();
		recordOrphan(this.home);
	}

	/** SIGTERM: a graceful shutdown. */
	public void stop() {
		this.process.destroy();
		waitFor();
	}

	private void waitFor() {
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			stop();
		}
	}

	// A SIGKILL leaves the service's embedded PostgreSQL running; the next start in the
	// same home stops it (what RestartIntegrationTests checks), but after the last one
	// nothing would: the servers left by kills are stopped when the test JVM exits (if
	// still running), so a test run leaves none behind. postmaster.pid's first line is
	// the server's process id; it is read at the kill, before a test may delete the home.
	private static synchronized void recordOrphan(Path home) {
		Path pidFile = home.resolve("postgres").resolve("data").resolve("postmaster.pid");
		try {
			if (!Files.exists(pidFile)) {
				return;
			}
			long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
			if (ORPHANS.isEmpty()) {
				Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcess::stopOrphans, "stop-orphaned-postgres"));
			}
			ORPHANS.add(pid);
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("Could not read the PostgreSQL left by the killed service (" + pidFile + "): " + ex);
		}
	}

	private static synchronized void stopOrphans() {
		for (long pid : ORPHANS) {
			ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter((server) -> server.info().command().map((c) -> c.contains("postgres")).orElse(false))
				.ifPresent((server) -> {
					server.destroy();
					server.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally((ex) -> {
						server.destroyForcibly();
						return server;
					}).join();
				});
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
