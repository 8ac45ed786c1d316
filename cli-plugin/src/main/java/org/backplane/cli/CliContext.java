package org.backplane.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * What a command may touch of the world: environment variables, the user's home, stdout
 * and stderr, whether it runs on a terminal, how it reads a confirmation and how it
 * sleeps. Tests give their own.
 *
 * @param env the environment variables
 * @param userHome the user's home folder ({@code ~/.dcos} lives there)
 * @param out standard output
 * @param err standard error
 * @param terminal whether stdin and stdout are a terminal (progress bar, confirmation
 * prompt)
 * @param input reads one line of confirmation, {@code null} at end of input
 * @param sleeper waits between polls
 * @param columns the terminal's width in columns, asked for when a progress bar is drawn;
 * 0 when unknown
 * @param interrupts runs an action when the process is interrupted (Ctrl-C) or terminated
 */
record CliContext(Map<String, String> env, Path userHome, PrintWriter out, PrintWriter err, boolean terminal,
		LineReader input, Sleeper sleeper, IntSupplier columns, Interrupts interrupts) {

	/**
	 * Set by the DC/OS CLI (the path of the {@code dcos} executable) for the plugins it
	 * runs.
	 */
	static final String DCOS_CLI_EXECUTABLE_PATH = "DCOS_CLI_EXECUTABLE_PATH";

	/**
	 * The real world: {@link System#getenv()}, {@code user.home},
	 * {@link System#out}/{@link System#err} and {@link System#console()}.
	 * @return the context of this process
	 */
	static CliContext system() {
		Console console = System.console();
		Charset charset = (console != null) ? console.charset() : Charset.defaultCharset();
		PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
		PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, charset));
		return new CliContext(System.getenv(), Path.of(System.getProperty("user.home")), out, err, console != null,
				() -> {
					try {
						return in.readLine();
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}, (duration) -> Thread.sleep(duration.toMillis()), CliContext::sttyColumns, CliContext::onShutdown);
	}

	/**
	 * Whether the DC/OS CLI runs this process as its plugin ({@code dcos backup ...}),
	 * rather than a user running {@code dcos-backup} (or the jar) directly.
	 * @return {@code true} under the DC/OS CLI
	 */
	boolean viaDcosCli() {
		return getenv(DCOS_CLI_EXECUTABLE_PATH) != null;
	}

	/**
	 * How the user runs this command, for the commands that messages suggest.
	 * @return {@code dcos backup} under the DC/OS CLI, else {@code dcos-backup}
	 */
	String commandName() {
		return viaDcosCli() ? "dcos backup" : "dcos-backup";
	}

	/**
	 * The width of the controlling terminal, as {@code stty size} reports it (the JDK has
	 * no API for it): {@code stty} reads the terminal on its stdin, so it is given
	 * {@code /dev/tty}, which stays the terminal when stdin is redirected.
	 * @return the columns, or 0 when there is no terminal or no {@code stty}
	 */
	private static int sttyColumns() {
		File tty = new File("/dev/tty");
		if (!tty.exists()) {
			return 0;
		}
		try {
			Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			String output = new String(stty.getInputStream().readAllBytes(), Charset.defaultCharset());
			if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
				stty.destroyForcibly();
				return 0;
			}
			return parseSttySize(output);
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	/**
	 * @param sttySize what {@code stty size} prints: {@code <rows> <columns>}
	 * @return the columns, or 0 when the text is not that
	 */
	static int parseSttySize(String sttySize) {
		String[] parts = sttySize.strip().split("\\s+");
		if (parts.length != 2) {
			return 0;
		}
		try {
			return Math.max(0, Integer.parseInt(parts[1]));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static Runnable onShutdown(Runnable action) {
		Thread hook = new Thread(action, "dcos-backup-interrupted");
		Runtime.getRuntime().addShutdownHook(hook);
		return () -> {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			}
			catch (IllegalStateException ex) {
				// already shutting down: the hook runs
			}
		};
	}

	/**
	 * @param name an environment variable
	 * @return its value, or {@code null} when unset or empty
	 */
	String getenv(String name) {
		String value = this.env.get(name);
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * Reads one line, e.g. the answer to a confirmation prompt.
	 */
	@FunctionalInterface
	interface LineReader {

		/**
		 * @return the line without its terminator, or {@code null} at end of input
		 */
		String readLine();

	}

	/**
	 * Waits between two polls of a running backup or restore.
	 */
	@FunctionalInterface
	interface Sleeper {

		/**
		 * @param duration how long to wait
		 * @throws InterruptedException when interrupted
		 */
		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * Registers what to do when the process is interrupted (Ctrl-C, SIGINT) or terminated
	 * (SIGTERM), as a JVM shutdown hook does.
	 */
	@FunctionalInterface
	interface Interrupts {

		/**
		 * @param action what to do, once, if the process is interrupted
		 * @return undoes the registration; call it when the action is no longer wanted
		 */
		Runnable onInterrupt(Runnable action);

	}

}
