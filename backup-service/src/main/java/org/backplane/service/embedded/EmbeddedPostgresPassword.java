package org.backplane.service.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.backplane.service.support.OwnerOnly;

/**
 * The embedded PostgreSQL's superuser password: 32 random bytes (base64url) generated
 * once into {@code <home>/postgres/password} ({@code 0600}) and read from there at every
 * later start. Never logged; {@link #toString()} hides it.
 */
final class EmbeddedPostgresPassword {

	private static final SecureRandom random = new SecureRandom();

	private final Path file;

	private final String value;

	private final boolean generated;

	private EmbeddedPostgresPassword(Path file, String value, boolean generated) {
		this.file = file;
		this.value = value;
		this.generated = generated;
	}

	/**
	 * Reads the password file.
	 * @param file the password file
	 * @return the password, or {@code null} if there is no file
	 * @throws IOException if it cannot be read
	 * @throws IllegalStateException if it is empty
	 */
	static EmbeddedPostgresPassword read(Path file) throws IOException {
		if (!Files.exists(file)) {
			return null;
		}
		String value = Files.readString(file, StandardCharsets.US_ASCII).trim();
		if (value.isEmpty()) {
			throw new IllegalStateException("The embedded PostgreSQL's password file " + file
					+ " is empty: restore it, or follow docs/operations.md to set a new password");
		}
		return new EmbeddedPostgresPassword(file, value, false);
	}

	/**
	 * Generates a password and writes it to the file, durably, before anything uses it: a
	 * server is never given a password that is not on disk yet.
	 * @param file the password file
	 * @return the password
	 * @throws IOException if it cannot be written
	 */
	static EmbeddedPostgresPassword generate(Path file) throws IOException {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		OwnerOnly.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
		return new EmbeddedPostgresPassword(file, value, true);
	}

	Path file() {
		return this.file;
	}

	String value() {
		return this.value;
	}

	boolean generated() {
		return this.generated;
	}

	@Override
	public String toString() {
		return "EmbeddedPostgresPassword[file=" + this.file + ", value=***]";
	}

}
