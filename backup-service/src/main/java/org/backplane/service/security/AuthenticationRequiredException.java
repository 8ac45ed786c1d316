package org.backplane.service.security;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * A request without valid credentials (401): none, an unusable {@code Authorization}
 * header, or a token that was refused. The message says how to authenticate and never
 * holds the token.
 */
class AuthenticationRequiredException extends BackplaneException {

	private final boolean tokenRefused;

	AuthenticationRequiredException(String message, boolean tokenRefused) {
		super(Kind.UNAUTHENTICATED, message, Map.of());
		this.tokenRefused = tokenRefused;
	}

	@Override
	public String getTitle() {
		return this.tokenRefused ? "Invalid token" : "Authentication required";
	}

	@Override
	public String getTypeSlug() {
		return this.tokenRefused ? "invalid-token" : "authentication-required";
	}

}
