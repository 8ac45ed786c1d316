package org.backplane.zookeeper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone ZooKeeper server in its own JVM ({@code ZooKeeperServerMain} on a class
 * path of the caller's choosing), for servers that cannot share the tests' JVM: another
 * ZooKeeper version, or TLS settings that ZooKeeper takes from system properties the
 * client would read too.
 */
final class ZooKeeperProcess implements AutoCloseable {

	private final Process process;

	private ZooKeeperProcess(Process process) {
		this.process = process;
	}

	/**
	 * Writes {@code zoo.cfg} in {@code dir} (data in {@code dir/data}), starts the server
	 * and waits until {@code port} accepts connections.
	 * @param dir a directory of its own
	 * @param classPath the server's class path
	 * @param jvmOptions options of its JVM
	 * @param port the client port the configuration opens (plain or secure)
	 * @param config configuration lines besides {@code tickTime} and {@code dataDir}
	 * @return the running server, to close
	 * @throws Exception if it does not start within a minute (the message holds its log)
	 */
	static ZooKeeperProcess start(Path dir, String classPath, List<String> jvmOptions, int port, List<String> config)
			throws Exception {
		Path data = Files.createDirectories(dir.resolve("data"));
		List<String> lines = new ArrayList<>(List.of("tickTime=500", "dataDir=" + data));
		lines.addAll(config);
		Path file = dir.resolve("zoo.cfg");
		Files.write(file, lines);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx128m");
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", classPath, "org.apache.zookeeper.server.ZooKeeperServerMain", file.toString()));
		Path log = dir.resolve("server.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ZooKeeperProcess server = new ZooKeeperProcess(process);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!accepts(port)) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				server.close();
				throw new IllegalStateException("The ZooKeeper server did not start:\n" + Files.readString(log));
			}
			Thread.sleep(100);
		}
		return server;
	}

	/**
	 * @return a loopback port free now
	 * @throws IOException if none can be had
	 */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
