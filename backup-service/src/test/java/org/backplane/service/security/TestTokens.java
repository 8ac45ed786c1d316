package org.backplane.service.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.backplane.service.testsupport.ServiceHome;

/**
 * Keys, tokens and a key set for the security tests, made in the test: RSA keys generated
 * once per JVM, a JWKS served by a real local HTTP server (the JDK's {@link HttpServer})
 * as a DC/OS cluster serves {@code /acs/api/v1/auth/jwks}, and tokens signed with
 * nimbus-jose-jwt as DC/OS signs them (RS256, {@code kid}, {@code uid}, {@code exp}).
 */
final class TestTokens {

	static final String KID = "dcos-test-key";

	/** The key the key set holds: its tokens are good. */
	static final RSAKey TRUSTED = generate(KID);

	/** Another key under the same {@code kid}: its signatures do not verify. */
	static final RSAKey IMPOSTOR = generate(KID);

	/** A key whose {@code kid} the key set does not hold. */
	static final RSAKey UNKNOWN = generate("unknown-key");

	/** Counts the key set's downloads. */
	static final AtomicInteger JWKS_REQUESTS = new AtomicInteger();

	private static final HttpServer JWKS = serve(new JWKSet(TRUSTED.toPublicJWK()));

	/** Static API tokens (their SHA-256 is configured) and their names. */
	static final String CI_TOKEN = "ci-operator-0a2b4c6d8e";

	static final String DASHBOARD_TOKEN = "dashboard-viewer-1b3d5f7h9";

	private TestTokens() {
	}

	/**
	 * @return the key set's URL
	 */
	static String jwksUri() {
		return "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/acs/api/v1/auth/jwks";
	}

	/**
	 * A good token.
	 * @param uid the principal
	 * @return a token signed by the trusted key, valid for an hour
	 */
	static String token(String uid) {
		return token(TRUSTED, uid, Instant.now().plus(Duration.ofHours(1)));
	}

	/**
	 * A token.
	 * @param key the key that signs it, whose {@code kid} it names
	 * @param uid the {@code uid} claim, or {@code null} for none
	 * @param expires the {@code exp} claim, or {@code null} for none
	 * @return the token
	 */
	static String token(RSAKey key, String uid, Instant expires) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
		if (uid != null) {
			claims.claim("uid", uid);
		}
		if (expires != null) {
			claims.expirationTime(Date.from(expires));
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims.build());
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * An unsigned token ({@code alg: none}).
	 * @param uid the {@code uid} claim
	 * @return the token
	 */
	static String unsigned(String uid) {
		return new PlainJWT(new JWTClaimsSet.Builder().claim("uid", uid)
			.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
			.build()).serialize();
	}

	/**
	 * A key's public half as a PEM file.
	 * @param key the key
	 * @return the file, under the tests' home
	 */
	static Path pem(RSAKey key) {
		try {
			String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
				.encodeToString(key.toRSAPublicKey().getEncoded());
			Path file = ServiceHome.newDirectory("pem").resolve("dcos-auth.pem");
			Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
			return file;
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A token's SHA-256, as configuration holds it.
	 * @param token the token
	 * @return 64 hexadecimal digits
	 */
	static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve(JWKSet keys) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			byte[] body = keys.toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/acs/api/v1/auth/jwks", (exchange) -> {
				JWKS_REQUESTS.incrementAndGet();
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
