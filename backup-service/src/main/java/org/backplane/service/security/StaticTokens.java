package org.backplane.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backplane.service.support.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Static API tokens, known by their SHA-256 only. A presented token is hashed and
 * compared with every configured digest in constant time, so neither the comparison nor
 * the number of comparisons depends on which token (if any) matches.
 */
final class StaticTokens {

	private final List<Known> known = new ArrayList<>();

	StaticTokens(Map<String, SecurityProperties.ApiToken> tokens) {
		tokens.forEach((name, token) -> this.known.add(new Known(name, token.digest(), Role.of(token.role()))));
	}

	/**
	 * Authenticates a presented token.
	 * @param token the token as presented
	 * @return the token's principal (its name) with its role, or {@code null} if it is
	 * none of the configured tokens
	 */
	@Nullable Authentication authenticate(String token) {
		byte[] digest = sha256(token);
		Known match = null;
		for (Known candidate : this.known) {
			if (MessageDigest.isEqual(candidate.digest(), digest)) {
				match = candidate;
			}
		}
		if (match == null) {
			return null;
		}
		return UsernamePasswordAuthenticationToken.authenticated(match.name(), null, Roles.authorities(match.role()));
	}

	boolean isEmpty() {
		return this.known.isEmpty();
	}

	private static byte[] sha256(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private record Known(String name, byte[] digest, Role role) {

	}

}
