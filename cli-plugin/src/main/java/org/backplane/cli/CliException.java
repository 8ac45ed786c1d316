package org.backplane.cli;

/**
 * A failure the CLI reports as one {@code Error: ...} line on stderr with its exit code.
 */
class CliException extends RuntimeException {

	private final int exitCode;

	/**
	 * @param exitCode the exit code, one of {@link ExitCodes}
	 * @param message the line to print after {@code Error: }, saying what to do;
	 * {@code null} when the command has already said what happened
	 */
	CliException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	/**
	 * @return the exit code
	 */
	int getExitCode() {
		return this.exitCode;
	}

}
