package org.backplane.service.security;

import java.util.Collection;
import java.util.List;

import org.backplane.service.support.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A principal's role as a Spring Security authority ({@code ROLE_ADMIN}, …), and back.
 */
final class Roles {

	private static final String PREFIX = "ROLE_";

	private Roles() {
	}

	/**
	 * The authorities of a role.
	 * @param role a role, or {@code null} for none
	 * @return one authority, or none
	 */
	static List<GrantedAuthority> authorities(@Nullable Role role) {
		return (role != null) ? List.of(new SimpleGrantedAuthority(PREFIX + role.name())) : List.of();
	}

	/**
	 * The role an authentication holds.
	 * @param authentication who asks, or {@code null}
	 * @return the highest role among its authorities, or {@code null} if it has none
	 */
	static @Nullable Role of(@Nullable Authentication authentication) {
		if (authentication == null) {
			return null;
		}
		return of(authentication.getAuthorities());
	}

	private static @Nullable Role of(Collection<? extends GrantedAuthority> authorities) {
		Role highest = null;
		for (GrantedAuthority authority : authorities) {
			for (Role role : Role.values()) {
				if ((PREFIX + role.name()).equals(authority.getAuthority())
						&& (highest == null || role.covers(highest))) {
					highest = role;
				}
			}
		}
		return highest;
	}

}
