package org.backplane.service.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test server running as a child process: started, waited for until its port answers,
 * and stopped by its own PID (and those of its own children). Its output goes to a log
 * file next to its data.
 */
final class ServerProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private final int port;

	private final Path workDir;

	private ServerProcess(String name, Process process, Path workDir, Path log, int port) {
		this.name = name;
		this.process = process;
		this.workDir = workDir;
		this.log = log;
		this.port = port;
	}

	static ServerProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
			int port, Duration timeout) {
		try {
			Files.createDirectories(workDir);
			Path log = workDir.resolve(name + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			ServerProcess server = new ServerProcess(name, process, workDir, log, port);
			server.awaitPort(timeout);
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start test server " + name + " with " + command + ": " + ex, ex);
		}
	}

	private void awaitPort(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Test server " + this.name + " exited with code "
						+ this.process.exitValue() + " before listening on port " + this.port + ":\n" + logTail());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
				return;
			}
			catch (IOException ex) {
				sleep(100);
			}
		}
		close();
		throw new IllegalStateException("Test server " + this.name + " did not listen on port " + this.port + " within "
				+ timeout + ":\n" + logTail());
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	long pid() {
		return this.process.pid();
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		deleteData();
	}

	/**
	 * Removes what the server stored ({@code data} in its work directory); its log stays
	 * for a look after a run.
	 */
	private void deleteData() {
		Path data = this.workDir.resolve("data");
		if (!Files.isDirectory(data)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(data)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// only disk space in target/ is at stake
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Path testServersDirectory() {
		return Path.of(System.getProperty("backplane.test-servers.dir", "target/test-servers")).toAbsolutePath();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a test server", ex);
		}
	}

}
