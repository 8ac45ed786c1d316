package org.backplane.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A {@link CliContext} over strings, for running the CLI in the test's JVM.
 */
final class TestContexts {

	final StringWriter out = new StringWriter();

	final StringWriter err = new StringWriter();

	final Deque<String> input = new ArrayDeque<>();

	final CliContext context;

	TestContexts(Map<String, String> env, Path home, boolean terminal) {
		this.context = new CliContext(env, home, new PrintWriter(this.out, true), new PrintWriter(this.err, true),
				terminal, this.input::poll, (duration) -> {
				});
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
