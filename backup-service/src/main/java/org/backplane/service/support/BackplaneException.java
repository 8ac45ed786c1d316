package org.backplane.service.support;

import java.util.Map;

/**
 * Base of every domain exception. Carries identifiers, never HTTP types; the web layer
 * maps each kind to a status and an RFC 9457 problem. Messages say what failed and what
 * to do, and never hold secrets.
 */
public abstract class BackplaneException extends RuntimeException {

	private final Kind kind;

	private final Map<String, Object> properties;

	protected BackplaneException(Kind kind, String message, Map<String, Object> properties) {
		this(kind, message, properties, null);
	}

	protected BackplaneException(Kind kind, String message, Map<String, Object> properties, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.properties = Map.copyOf(properties);
	}

	/**
	 * @return what kind of failure this is
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * @return identifiers and state to add to the problem, e.g. {@code backupId},
	 * {@code currentStatus}
	 */
	public Map<String, Object> getProperties() {
		return this.properties;
	}

	/**
	 * @return a short, stable title for the problem
	 */
	public abstract String getTitle();

	/**
	 * @return a stable slug for the problem's type URI, e.g. {@code backup-not-found}
	 */
	public abstract String getTypeSlug();

	/**
	 * The kinds of failure, each mapped to one HTTP status by the web layer.
	 */
	public enum Kind {

		/** The request is malformed or breaks a rule (400). */
		INVALID,

		/** The request carries no valid credentials (401). */
		UNAUTHENTICATED,

		/** The caller's role does not allow the operation (403). */
		FORBIDDEN,

		/** The thing named does not exist (404). */
		NOT_FOUND,

		/** The state forbids the operation, or another node won a race (409). */
		CONFLICT,

		/** A storage location or a source cannot be reached (503). */
		UNAVAILABLE

	}

}
