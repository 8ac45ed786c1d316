package org.backplane.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backplane.client.BackplaneApiException;

/**
 * The exit codes of {@code dcos-backup}, one per class of error, listed in every
 * command's {@code --help}.
 */
final class ExitCodes {

	/** Success. */
	static final int OK = 0;

	/**
	 * Any other error: an unexpected answer (e.g. HTTP 500) or a failure inside the CLI.
	 */
	static final int OTHER = 1;

	/**
	 * Bad command line or configuration: unknown option, missing argument, no cluster
	 * configured.
	 */
	static final int USAGE = 2;

	/**
	 * The service could not be reached: connection refused, unknown host, TLS failure,
	 * timeout.
	 */
	static final int UNREACHABLE = 3;

	/** HTTP 401: not logged in, or the token expired. */
	static final int UNAUTHENTICATED = 4;

	/** HTTP 403: logged in but not allowed. */
	static final int FORBIDDEN = 5;

	/** HTTP 404: no such backup or restore. */
	static final int NOT_FOUND = 6;

	/**
	 * HTTP 409: the backup or a component is busy, or the backup is in a state that
	 * forbids it.
	 */
	static final int CONFLICT = 7;

	/** HTTP 400: the service rejected the input (e.g. an invalid label). */
	static final int INVALID = 8;

	/** With {@code --wait}: the backup or restore ended in {@code STATUS_ERROR}. */
	static final int FAILED = 9;

	/** The service is unavailable (HTTP 502, 503, 504): retry later. */
	static final int UNAVAILABLE = 10;

	/** The confirmation prompt was declined. */
	static final int ABORTED = 11;

	/**
	 * With {@code --wait}: interrupted (Ctrl-C) while waiting; the backup or restore goes
	 * on in the service. 128 + SIGINT, as shells report it.
	 */
	static final int INTERRUPTED = 130;

	private ExitCodes() {
	}

	/**
	 * The exit code for an API error.
	 * @param kind the error's kind
	 * @return the exit code
	 */
	static int of(BackplaneApiException.Kind kind) {
		return switch (kind) {
			case INVALID -> INVALID;
			case UNAUTHENTICATED -> UNAUTHENTICATED;
			case FORBIDDEN -> FORBIDDEN;
			case NOT_FOUND -> NOT_FOUND;
			case CONFLICT -> CONFLICT;
			case UNAVAILABLE -> UNAVAILABLE;
			case OTHER -> OTHER;
		};
	}

	/**
	 * The list shown under {@code Exit codes:} in {@code --help}.
	 * @return code (as text) to description, in order
	 */
	static Map<String, String> help() {
		Map<String, String> codes = new LinkedHashMap<>();
		codes.put(key(OK), "success");
		codes.put(key(OTHER), "other error (unexpected answer, e.g. HTTP 500)");
		codes.put(key(USAGE), "bad command line or no cluster configured");
		codes.put(key(UNREACHABLE), "service unreachable (connection refused, unknown host, TLS, timeout)");
		codes.put(key(UNAUTHENTICATED), "not logged in or the token expired (HTTP 401): run dcos auth login");
		codes.put(key(FORBIDDEN), "forbidden (HTTP 403): the account's role does not allow it");
		codes.put(key(NOT_FOUND), "no such backup or restore (HTTP 404)");
		codes.put(key(CONFLICT), "busy or in use (HTTP 409)");
		codes.put(key(INVALID), "invalid input, e.g. label (HTTP 400)");
		codes.put(key(FAILED), "with --wait: the backup or restore ended in STATUS_ERROR");
		codes.put(key(UNAVAILABLE), "service unavailable (HTTP 502/503/504): retry later");
		codes.put(key(ABORTED), "confirmation declined");
		codes.put(key(INTERRUPTED), "with --wait: interrupted (Ctrl-C); the backup or restore goes on");
		return codes;
	}

	private static String key(int code) {
		return String.format("%3d", code);
	}

}
