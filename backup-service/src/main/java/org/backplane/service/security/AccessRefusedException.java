package org.backplane.service.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.Ids;
import org.backplane.service.support.Role;
import org.jspecify.annotations.Nullable;

/**
 * A request refused by a URL rule (403): the caller's role does not cover the one the
 * request needs. Has the shape of the services' own refusals
 * ({@code Caller.RoleRequiredException}): the same type, and the role needed in the
 * message and as {@code requiredRole}.
 */
class AccessRefusedException extends BackplaneException {

	AccessRefusedException(String action, Role needed, String principal, @Nullable Role role) {
		super(Kind.FORBIDDEN, message(action, needed, principal, role), properties(needed, role));
	}

	private static String message(String action, Role needed, String principal, @Nullable Role role) {
		String message = "Forbidden: " + action + " needs the " + needed.value() + " role; " + Ids.printable(principal);
		if (role == null) {
			return message + " has no role: an administrator grants one with backplane.security.roles.<uid>=<role> "
					+ "or backplane.security.default-role";
		}
		return message + " is " + role.value();
	}

	private static Map<String, Object> properties(Role needed, @Nullable Role role) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("requiredRole", needed.value());
		if (role != null) {
			properties.put("role", role.value());
		}
		return properties;
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
