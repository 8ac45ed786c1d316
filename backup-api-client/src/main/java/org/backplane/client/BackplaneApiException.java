package org.backplane.client;

import java.util.List;

/**
 * An error answer from the Backplane API: an RFC 9457 problem ({@code application/problem+json}) or a
 * DC/OS {@code {"errors": [...]}} body, turned into a typed exception.
 */
public class BackplaneApiException extends RuntimeException {

	private final int status;

	private final String type;

	private final String title;

	private final String detail;

	private final List<String> errors;

	public BackplaneApiException(int status, String type, String title, String detail, List<String> errors) {
		super(message(status, title, detail, errors));
		this.status = status;
		this.type = type;
		this.title = title;
		this.detail = detail;
		this.errors = (errors != null) ? List.copyOf(errors) : List.of();
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

	/** @return the HTTP status code */
	public int getStatus() {
		return this.status;
	}

	/** @return the problem's type URI, or {@code null} */
	public String getType() {
		return this.type;
	}

	/** @return the problem's title, or {@code null} */
	public String getTitle() {
		return this.title;
	}

	/** @return the problem's detail, or {@code null} */
	public String getDetail() {
		return this.detail;
	}

	/** @return the DC/OS error messages, empty for a problem */
	public List<String> getErrors() {
		return this.errors;
	}

}
