package org.backplane.service.security;

import java.net.URI;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backplane.service.support.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication and roles, bound from {@code backplane.security.*}; unknown keys fail
 * start-up. With none of {@code jwt.jwk-set-uri}, {@code jwt.public-key-location} and
 * {@code tokens} set, no authentication is configured: the service then serves an
 * anonymous admin, and only on a loopback address.
 *
 * @param jwt where the public keys that sign DC/OS tokens come from
 * @param tokens static API tokens by name (the principal), each stored as its SHA-256
 * @param roles the role of each DC/OS {@code uid} ({@code viewer}, {@code operator} or
 * {@code admin}); write a uid with characters other than lower-case letters, digits and
 * {@code -} in brackets: {@code backplane.security.roles[alice@example.com]=admin}
 * @param defaultRole the role of an authenticated uid not listed in {@code roles}; none
 * by default, so such a uid is refused (403)
 * @param cors which other origins browsers may call the API from
 */
@ConfigurationProperties(prefix = "backplane.security", ignoreUnknownFields = false)
record SecurityProperties(@DefaultValue Jwt jwt, Map<String, ApiToken> tokens, Map<String, String> roles,
		@Nullable String defaultRole, @DefaultValue Cors cors) {

	SecurityProperties {
		tokens = (tokens != null) ? Map.copyOf(tokens) : Map.of();
		if (roles != null) {
			roles.forEach((uid, role) -> role(role, "backplane.security.roles[" + uid + "]"));
		}
		roles = (roles != null) ? Map.copyOf(roles) : Map.of();
		if (defaultRole != null && defaultRole.isBlank()) {
			defaultRole = null;
		}
		if (defaultRole != null) {
			role(defaultRole, "backplane.security.default-role");
		}
		if (jwt.jwkSetUri() != null && jwt.publicKeyLocation() != null) {
			throw new IllegalArgumentException("Set one of backplane.security.jwt.jwk-set-uri and "
					+ "backplane.security.jwt.public-key-location, not both");
		}
	}

	/**
	 * Whether any way to authenticate is configured.
	 * @return {@code true} if DC/OS tokens or static API tokens are accepted
	 */
	boolean authenticationConfigured() {
		return this.jwt.configured() || !this.tokens.isEmpty();
	}

	/**
	 * The role of an authenticated DC/OS uid.
	 * @param uid the token's {@code uid}
	 * @return its role from {@code roles}, else the default role, else {@code null}
	 */
	@Nullable Role roleOf(String uid) {
		String role = this.roles.get(uid);
		if (role == null) {
			role = this.defaultRole;
		}
		return (role != null) ? Role.of(role) : null;
	}

	private static Role role(String value, String key) {
		try {
			return Role.of(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(key + " must be viewer, operator or admin");
		}
	}

	/**
	 * DC/OS tokens: RS256 JWTs whose {@code uid} claim is the principal.
	 *
	 * @param jwkSetUri the key set (JWKS) that signs them; on DC/OS the cluster's
	 * {@code /acs/api/v1/auth/jwks}, e.g.
	 * {@code http://master.mesos/acs/api/v1/auth/jwks}
	 * @param publicKeyLocation instead of a key set, an RSA public key in a PEM file
	 * ({@code -----BEGIN PUBLIC KEY-----})
	 */
	record Jwt(@Nullable URI jwkSetUri, @Nullable Path publicKeyLocation) {

		boolean configured() {
			return this.jwkSetUri != null || this.publicKeyLocation != null;
		}

	}

	/**
	 * A static API token, for deployments without DC/OS. Configuration holds its SHA-256
	 * only ({@code printf %s "$TOKEN" | sha256sum}), never the token.
	 *
	 * @param sha256 the token's SHA-256, 64 hexadecimal digits
	 * @param role the role of whoever presents it: {@code viewer}, {@code operator} or
	 * {@code admin}
	 */
	record ApiToken(String sha256, String role) {

		ApiToken {
			if (sha256 == null || !sha256.trim().matches("[0-9a-fA-F]{64}")) {
				throw new IllegalArgumentException("A static API token's sha256 must be 64 hexadecimal digits: "
						+ "printf %s \"$TOKEN\" | sha256sum");
			}
			sha256 = sha256.trim().toLowerCase(Locale.ROOT);
			if (role == null) {
				throw new IllegalArgumentException("A static API token needs a role: viewer, operator or admin");
			}
			SecurityProperties.role(role, "A static API token's role");
		}

		byte[] digest() {
			return HexFormat.of().parseHex(this.sha256);
		}

		@Override
		public String toString() {
			return "ApiToken[sha256=***, role=" + this.role + "]";
		}

	}

	/**
	 * Cross-origin requests: none unless origins are listed.
	 *
	 * @param allowedOrigins the origins (e.g. {@code https://console.example.com}) whose
	 * pages may call the API with a token; none by default, and then no CORS header is
	 * ever sent
	 */
	record Cors(List<String> allowedOrigins) {

		Cors {
			allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
		}

	}

}
