package org.backplane.service.support;

import java.util.Map;
import java.util.Objects;

/**
 * Who asks for an operation, and with which role: what the services record as
 * {@code createdBy} and check rules that depend on the request's content against (an
 * {@code overwrite} restore needs {@link Role#ADMIN}).
 *
 * @param name the principal, e.g. a DC/OS {@code uid}, a static token's name, or
 * {@code anonymous}
 * @param role the principal's role
 */
public record Caller(String name, Role role) {

	/** The name of the caller when no authentication is configured. */
	public static final String ANONYMOUS = "anonymous";

	public Caller {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(role, "role");
	}

	/**
	 * The caller of a service with no authentication configured, which only listens on a
	 * loopback address: every local caller may do everything.
	 * @return an anonymous admin
	 */
	public static Caller anonymousAdmin() {
		return new Caller(ANONYMOUS, Role.ADMIN);
	}

	/**
	 * Checks that this caller may do something.
	 * @param needed the role it needs
	 * @param action what the caller asked for, for the message, e.g. {@code restore with
	 * policy overwrite}
	 * @throws RoleRequiredException (403) naming the role needed if the caller's role
	 * does not cover it
	 */
	public void require(Role needed, String action) {
		if (!this.role.covers(needed)) {
			throw new RoleRequiredException(this, needed, action);
		}
	}

	/**
	 * The caller lacks the role an action needs (403).
	 */
	public static class RoleRequiredException extends BackplaneException {

		RoleRequiredException(Caller caller, Role needed, String action) {
			super(Kind.FORBIDDEN,
					"Forbidden: " + action + " needs the " + needed.value() + " role; " + caller.name() + " is "
							+ caller.role().value(),
					Map.of("requiredRole", needed.value(), "role", caller.role().value()));
		}

		@Override
		public String getTitle() {
			return "Role required";
		}

		@Override
		public String getTypeSlug() {
			return "role-required";
		}

	}

}
