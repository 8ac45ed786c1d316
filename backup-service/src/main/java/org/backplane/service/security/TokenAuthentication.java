package org.backplane.service.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.web.client.RestTemplate;

/**
 * Authenticates a presented token: a static API token if it is one, else a DC/OS token (a
 * JWT signed with RS256 by a key of the configured key set or PEM file, with a
 * {@code uid} claim, not expired when it has an {@code exp}). The principal is the static
 * token's name or the {@code uid}; the role comes from the configuration.
 */
final class TokenAuthentication implements AuthenticationManager {

	/** Why a token that is no static token is refused when DC/OS tokens are off. */
	static final String NOT_A_STATIC_TOKEN = "it is none of the configured static API tokens";

	static final String UID = "uid";

	private static final Duration KEY_SET_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration KEY_SET_READ_TIMEOUT = Duration.ofSeconds(10);

	private final StaticTokens staticTokens;

	private final @Nullable JwtAuthenticationProvider dcosTokens;

	TokenAuthentication(SecurityProperties properties) {
		this.staticTokens = new StaticTokens(properties.tokens());
		this.dcosTokens = properties.jwt().configured() ? dcosTokens(properties) : null;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		BearerTokenAuthenticationToken bearer = (BearerTokenAuthenticationToken) authentication;
		Authentication byStaticToken = this.staticTokens.authenticate(bearer.getToken());
		if (byStaticToken != null) {
			return byStaticToken;
		}
		if (this.dcosTokens == null) {
			throw new InvalidBearerTokenException(NOT_A_STATIC_TOKEN);
		}
		return this.dcosTokens.authenticate(bearer);
	}

	private static JwtAuthenticationProvider dcosTokens(SecurityProperties properties) {
		NimbusJwtDecoder decoder = decoder(properties.jwt());
		JwtClaimValidator<Object> uid = new JwtClaimValidator<>(UID,
				(value) -> value instanceof String text && !text.isBlank());
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(), uid));
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setPrincipalClaimName(UID);
		converter.setJwtGrantedAuthoritiesConverter(
				(jwt) -> Roles.authorities(properties.roleOf(jwt.getClaimAsString(UID))));
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		provider.setJwtAuthenticationConverter(converter);
		return provider;
	}

	private static NimbusJwtDecoder decoder(SecurityProperties.Jwt jwt) {
		if (jwt.jwkSetUri() != null) {
			SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
			requests.setConnectTimeout(KEY_SET_CONNECT_TIMEOUT);
			requests.setReadTimeout(KEY_SET_READ_TIMEOUT);
			return NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri().toString())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.restOperations(new RestTemplate(requests))
				.build();
		}
		return NimbusJwtDecoder.withPublicKey(publicKey(jwt.publicKeyLocation()))
			.signatureAlgorithm(SignatureAlgorithm.RS256)
			.build();
	}

	private static RSAPublicKey publicKey(Path location) {
		try (InputStream in = Files.newInputStream(location)) {
			return RsaKeyConverters.x509().convert(in);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("backplane.security.jwt.public-key-location: cannot read an RSA public key "
					+ "from " + location + " (a PEM file starting with -----BEGIN PUBLIC KEY-----): " + ex.getMessage(),
					ex);
		}
	}

}
