package org.backplane.service.support;

import java.util.Locale;

/**
 * What a caller may do, each role including the ones before it.
 */
public enum Role {

	/** Reads everything: every GET. */
	VIEWER,

	/** Also creates backups and restores without overwriting ({@code fail-if-exists}). */
	OPERATOR,

	/**
	 * Also deletes, restores with {@code overwrite} or into a {@code targetPath}, places
	 * a backup with per-request placement parameters, and changes configuration.
	 */
	ADMIN;

	/**
	 * Whether this role includes another.
	 * @param needed the role an action needs
	 * @return {@code true} if this role is {@code needed} or above it
	 */
	public boolean covers(Role needed) {
		return compareTo(needed) >= 0;
	}

	/**
	 * The role's name as configuration and messages spell it.
	 * @return {@code viewer}, {@code operator} or {@code admin}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * A role by name.
	 * @param value {@code viewer}, {@code operator} or {@code admin}, in any case
	 * @return the role
	 * @throws IllegalArgumentException naming the roles if it is none of them
	 */
	public static Role of(String value) {
		for (Role role : values()) {
			if (role.value().equalsIgnoreCase(value.trim())) {
				return role;
			}
		}
		throw new IllegalArgumentException("Unknown role '" + value + "': use viewer, operator or admin");
	}

}
