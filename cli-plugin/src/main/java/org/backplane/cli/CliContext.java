package org.backplane.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
 */
record CliContext(Map<String, String> env, Path userHome, PrintWriter out, PrintWriter err, boolean terminal,
		LineReader input, Sleeper sleeper) {

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
				}, (duration) -> Thread.sleep(duration.toMillis()));
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

}
