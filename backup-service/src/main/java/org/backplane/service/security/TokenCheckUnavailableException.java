package org.backplane.service.security;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * A token could not be checked because the key set that signs DC/OS tokens could not be
 * read (503): the service's trouble, not the caller's.
 */
class TokenCheckUnavailableException extends BackplaneException {

	TokenCheckUnavailableException() {
		super(Kind.UNAVAILABLE, "The token cannot be checked now: the key set at backplane.security.jwt.jwk-set-uri "
				+ "could not be read (the service log says why); retry later", Map.of());
	}

	@Override
	public String getTitle() {
		return "Token check unavailable";
	}

	@Override
	public String getTypeSlug() {
		return "token-check-unavailable";
	}

}
