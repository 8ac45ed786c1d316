package org.backplane.client;

import java.util.List;
import java.util.Optional;

/**
 * An error answer from the Backplane API: an RFC 9457 problem
 * ({@code application/problem+json}) or a DC/OS {@code {"errors": [...]}} body, turned
 * into a typed exception. {@link #getKind()} classifies it by HTTP status so callers can
 * react without comparing numbers; {@link #getMessage()} is the service's own explanation
 * ({@code title: detail} for a problem, the errors joined by {@code "; "} for a DC/OS
 * body). Never carries the request's credentials.
 */
public class BackplaneApiException extends RuntimeException {

	private static final String ABOUT_BLANK = "about:blank";

	private final int status;

	private final String type;

	private final String title;

	private final String detail;

	private final List<String> errors;

	private final String requiredRole;

	/**
	 * Creates an exception for an error answer.
	 * @param status the HTTP status code (400 or above)
	 * @param type the problem's type URI, or {@code null}
	 * @param title the problem's title, or {@code null}
	 * @param detail the problem's detail (or the raw body when it was not JSON), or
	 * {@code null}
	 * @param errors the DC/OS error messages, or {@code null}
	 */
	public BackplaneApiException(int status, String type, String title, String detail, List<String> errors) {
		this(status, type, title, detail, errors, null);
	}

	/**
	 * Creates an exception for an error answer.
	 * @param status the HTTP status code (400 or above)
	 * @param type the problem's type URI, or {@code null}
	 * @param title the problem's title, or {@code null}
	 * @param detail the problem's detail (or the raw body when it was not JSON), or
	 * {@code null}
	 * @param errors the DC/OS error messages, or {@code null}
	 * @param requiredRole the problem's {@code requiredRole} property (a 403 that names
	 * the role the request needs), or {@code null}
	 */
	public BackplaneApiException(int status, String type, String title, String detail, List<String> errors,
			String requiredRole) {
		super(message(status, title, detail, errors));
		this.status = status;
		this.type = type;
		this.title = title;
		this.detail = detail;
		this.errors = (errors != null) ? List.copyOf(errors) : List.of();
		this.requiredRole = (requiredRole != null && !requiredRole.isBlank()) ? requiredRole : null;
	}

	private static String message(int status, String title, String detail, List<String> errors) {
		if (title != null || detail != null) {
			return ((title != null) ? title : "HTTP " + status) + ((detail != null) ? ": " + detail : "");
		}
		if (errors != null && !errors.isEmpty()) {
			return String.join("; ", errors);
		}
		return "HTTP " + status;
	}

	/**
	 * @return the HTTP status code
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * @return the class of error, derived from the HTTP status; never {@code null}
	 */
	public Kind getKind() {
		return Kind.of(this.status);
	}

	/**
	 * @return the problem's type URI, or {@code null}
	 */
	public String getType() {
		return this.type;
	}

	/**
	 * @return the problem's title, or {@code null}
	 */
	public String getTitle() {
		return this.title;
	}

	/**
	 * @return the problem's detail, or {@code null}
	 */
	public String getDetail() {
		return this.detail;
	}

	/**
	 * @return the DC/OS error messages, empty for a problem
	 */
	public List<String> getErrors() {
		return this.errors;
	}

	/**
	 * The role a refused request needs, as the service's 403 problems name it in their
	 * {@code requiredRole} property ({@code viewer}, {@code operator} or {@code admin}).
	 * The DC/OS API's {@code {"errors": [...]}} bodies carry no properties: there the
	 * reason is only in {@link #getReason()}.
	 * @return the role, or empty when the answer names none
	 */
	public Optional<String> requiredRole() {
		return Optional.ofNullable(this.requiredRole);
	}

	/**
	 * The service's explanation without the title: the detail of a problem, the DC/OS
	 * errors joined by {@code "; "}, or the title or {@code HTTP <status>} when there is
	 * nothing else.
	 * @return a one-line explanation, never {@code null}
	 */
	public String getReason() {
		if (this.detail != null && !this.detail.isBlank()) {
			return this.detail;
		}
		if (!this.errors.isEmpty()) {
			return String.join("; ", this.errors);
		}
		return (this.title != null) ? this.title : "HTTP " + this.status;
	}

	/**
	 * Whether this is a 404 for a route the server does not have (no Backplane problem
	 * type), as opposed to a 404 for an unknown backup or restore, which Backplane
	 * answers with its own problem type.
	 * @return {@code true} for a route that does not exist
	 */
	public boolean isMissingRoute() {
		return this.status == 404 && this.errors.isEmpty() && (this.type == null || ABOUT_BLANK.equals(this.type));
	}

	/**
	 * Classes of API errors, one per way a caller reacts to them.
	 */
	public enum Kind {

		/** 400 or 422: the request is invalid; the message says what to fix. */
		INVALID,

		/** 401: no credentials or expired or unknown ones; log in again. */
		UNAUTHENTICATED,

		/** 403: the credentials are valid but lack the permission. */
		FORBIDDEN,

		/** 404: the backup, restore or component does not exist. */
		NOT_FOUND,

		/**
		 * 409: the backup or a component is busy, or in a state that does not allow the
		 * operation.
		 */
		CONFLICT,

		/**
		 * 502, 503 or 504: the service or one of its dependencies is unavailable; retry
		 * later.
		 */
		UNAVAILABLE,

		/** Any other status. */
		OTHER;

		/**
		 * Classifies an HTTP status.
		 * @param status the status code
		 * @return its kind, never {@code null}
		 */
		public static Kind of(int status) {
			return switch (status) {
				case 400, 422 -> INVALID;
				case 401 -> UNAUTHENTICATED;
				case 403 -> FORBIDDEN;
				case 404 -> NOT_FOUND;
				case 409 -> CONFLICT;
				case 502, 503, 504 -> UNAVAILABLE;
				default -> OTHER;
			};
		}

	}

}
