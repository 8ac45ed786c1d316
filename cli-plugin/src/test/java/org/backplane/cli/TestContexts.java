package org.backplane.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link CliContext} over strings, for running the CLI in the test's JVM.
 */
final class TestContexts {

	final StringWriter out = new StringWriter();

	final StringWriter err = new StringWriter();

	final Deque<String> input = new ArrayDeque<>();

	/** The actions registered to run on Ctrl-C, as shutdown hooks would be. */
	final List<Runnable> interruptActions = new CopyOnWriteArrayList<>();

	final CliContext context;

	/** The terminal's width the context reports (0: unknown). */
	int columns;

	private boolean interruptOnSleep;

	TestContexts(Map<String, String> env, Path home, boolean terminal) {
		this.context = new CliContext(env, home, new PrintWriter(this.out, true), new PrintWriter(this.err, true),
				terminal, this.input::poll, (duration) -> {
					if (this.interruptOnSleep) {
						// what Ctrl-C does: the JVM runs the shutdown hooks while the
						// command
						// waits; then the process ends (here: the sleep is interrupted)
						this.interruptActions.forEach(Runnable::run);
						throw new InterruptedException();
					}
				}, () -> this.columns, (action) -> {
					this.interruptActions.add(action);
					return () -> this.interruptActions.remove(action);
				});
	}

	/**
	 * Presses Ctrl-C during the first wait between two polls.
	 * @return this
	 */
	TestContexts interruptingTheFirstWait() {
		this.interruptOnSleep = true;
		return this;
	}

	TestContexts answering(String... lines) {
		this.input.addAll(List.of(lines));
		return this;
	}

	int run(String... args) {
		return DcosBackup.run(this.context, args);
	}

	String out() {
		return this.out.toString();
	}

	String err() {
		return this.err.toString();
	}

}
