package org.backplane.service.source.nodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.source.NodeSource;
import org.backplane.service.support.Ids;

/**
 * Runs a {@code nodes} component's hooks: each an argument vector started directly (no
 * shell), with the placeholders substituted, the same values as environment variables,
 * standard input closed and standard output discarded. Keeps the last
 * {@value #TAIL_CHARS} characters of standard error for the step's message. A hook that
 * outlives the timeout is killed with its descendants.
 */
final class NodeHooks {

	static final int TAIL_CHARS = 1000;

	private static final Log logger = LogFactory.getLog(NodeHooks.class);

	private final String component;

	private final Map<NodeSource.Hook, List<String>> commands;

	private final Duration timeout;

	NodeHooks(String component, Map<NodeSource.Hook, List<String>> commands, Duration timeout) {
		this.component = component;
		this.commands = Map.copyOf(commands);
		this.timeout = timeout;
	}

	boolean has(NodeSource.Hook hook) {
		return !this.commands.getOrDefault(hook, List.of()).isEmpty();
	}

	/**
	 * Runs a hook for one node.
	 * @param hook the hook
	 * @param node the node's index
	 * @param nodePath the node's folder
	 * @param snapshotName the snapshot's name
	 * @return a short note for the step's message, or {@code null} if the hook is not
	 * configured
	 */
	String run(NodeSource.Hook hook, int node, Path nodePath, String snapshotName) throws IOException {
		List<String> argv = this.commands.getOrDefault(hook, List.of());
		if (argv.isEmpty()) {
			return null;
		}
		String snapshot = (snapshotName != null) ? snapshotName : "";
		Map<String, String> values = Map.of("SNAPSHOT_NAME", snapshot, "NODE_INDEX", Integer.toString(node),
				"NODE_PATH", nodePath.toString());
		List<String> command = new ArrayList<>(argv.size());
		for (String arg : argv) {
			String substituted = arg;
			for (Map.Entry<String, String> value : values.entrySet()) {
				substituted = substituted.replace("{" + value.getKey() + "}", value.getValue());
			}
			command.add(substituted);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
		builder.environment().putAll(values);
		if (Files.isDirectory(nodePath)) {
			builder.directory(nodePath.toFile());
		}
		String what = "Hook " + hook.key() + " of node " + node;
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new NodeSource.HookFailedException(
					what + " could not be started (" + Ids.printable(command.get(0)) + "): " + ex.getMessage()
							+ "; check backplane.components." + this.component + ".hooks." + hook.key());
		}
		process.getOutputStream().close();
		Tail tail = new Tail(process.getErrorStream());
		Thread reader = new Thread(tail, "hook-stderr");
		reader.setDaemon(true);
		reader.start();
		boolean ended;
		try {
			ended = process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!ended) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
			}
			reader.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new NodeSource.HookFailedException(what + " was interrupted");
		}
		String stderr = tail.text();
		if (!ended) {
			throw new NodeSource.HookFailedException(what + " did not end within " + this.timeout + " and was killed"
					+ (stderr.isEmpty() ? "" : ": " + stderr));
		}
		int exit = process.exitValue();
		if (exit != 0) {
			throw new NodeSource.HookFailedException(
					what + " exited with " + exit + (stderr.isEmpty() ? "" : ": " + stderr));
		}
		logger.info("Hook ran: component=" + this.component + " hook=" + hook.key() + " node=" + node);
		return hook.key() + " ok";
	}

	/**
	 * Reads a stream to its end, keeping its last characters.
	 */
	private static final class Tail implements Runnable {

		private final InputStream in;

		private final byte[] ring = new byte[TAIL_CHARS * 4];

		private long written;

		Tail(InputStream in) {
			this.in = in;
		}

		@Override
		public void run() {
			byte[] buffer = new byte[8192];
			try (InputStream stream = this.in) {
				int n;
				while ((n = stream.read(buffer)) != -1) {
					synchronized (this) {
						for (int i = 0; i < n; i++) {
							this.ring[(int) (this.written++ % this.ring.length)] = buffer[i];
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		synchronized String text() {
			int length = (int) Math.min(this.written, this.ring.length);
			byte[] out = new byte[length];
			long start = this.written - length;
			for (int i = 0; i < length; i++) {
				out[i] = this.ring[(int) ((start + i) % this.ring.length)];
			}
			String text = new String(out, StandardCharsets.UTF_8).strip();
			if (text.length() > TAIL_CHARS) {
				text = "…" + text.substring(text.length() - TAIL_CHARS);
			}
			// one line for a step's message; control characters would break logs
			return text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "?");
		}

	}

}
