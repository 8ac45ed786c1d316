package org.backplane.service.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Finds the token of a request where DC/OS clients put it: {@code Authorization:
 * token=<jwt>} (the DC/OS CLI and Admin Router), {@code Authorization: Bearer <token>},
 * or, only when the request has no {@code Authorization} header, the DC/OS UI's cookie
 * {@code dcos-acs-auth-cookie}. Never from the query string.
 */
final class TokenResolver implements BearerTokenResolver {

	static final String COOKIE = "dcos-acs-auth-cookie";

	private static final String TOKEN_PREFIX = "token=";

	private static final String BEARER_PREFIX = "bearer ";

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null) {
			String value = authorization.trim();
			String token = null;
			if (value.regionMatches(true, 0, TOKEN_PREFIX, 0, TOKEN_PREFIX.length())) {
				token = value.substring(TOKEN_PREFIX.length()).trim();
			}
			else if (value.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
				token = value.substring(BEARER_PREFIX.length()).trim();
			}
			if (token == null || token.isEmpty()) {
				throw new InvalidAuthorizationHeaderException();
			}
			return token;
		}
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (COOKIE.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

	/**
	 * An {@code Authorization} header that is neither {@code token=<jwt>} nor
	 * {@code Bearer <token>}.
	 */
	static final class InvalidAuthorizationHeaderException extends OAuth2AuthenticationException {

		InvalidAuthorizationHeaderException() {
			super(BearerTokenErrors.invalidRequest("The Authorization header is malformed"));
		}

	}

}
