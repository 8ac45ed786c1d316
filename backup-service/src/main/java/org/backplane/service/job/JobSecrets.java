package org.backplane.service.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.support.OwnerOnly;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps a job's per-request parameters (credentials) between the request that starts it
 * and the runner that runs it, possibly on another replica: sealed with AES-256-GCM (a
 * fresh 96-bit nonce per job, the job id as associated data, so a sealed value cannot be
 * moved to another job) in {@code job_secret}, never in clear, deleted when the job ends.
 * The key comes from {@code backplane.secrets.key}, or is generated once into
 * {@code <home>/secrets.key}.
 */
@Component
public class JobSecrets {

	private static final int NONCE_BYTES = 12;

	private static final SecureRandom random = new SecureRandom();

	private final JdbcTemplate jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	private final SecretKeySpec key;

	private final Clock clock;

	JobSecrets(JdbcTemplate jdbc, BackplaneProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.key = new SecretKeySpec(loadKey(properties), "AES");
	}

	private static byte[] loadKey(BackplaneProperties properties) {
		String configured = properties.secrets().key();
		if (configured != null && !configured.isBlank()) {
			byte[] key;
			try {
				key = Base64.getDecoder().decode(configured.trim());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						"backplane.secrets.key is not valid base64: give 32 random bytes in base64");
			}
			if (key.length != 32) {
				throw new IllegalStateException(
						"backplane.secrets.key must be 32 bytes (256 bits) in base64, not " + key.length);
			}
			return key;
		}
		Path file = properties.home().resolve("secrets.key");
		try {
			if (!Files.exists(file)) {
				OwnerOnly.createDirectories(file.getParent());
				byte[] key = new byte[32];
				random.nextBytes(key);
				Path temporary = Files.createTempFile(file.getParent(), ".secrets", ".key",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
				Files.writeString(temporary, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII,
						StandardOpenOption.TRUNCATE_EXISTING);
				try {
					Files.move(temporary, file);
				}
				catch (FileAlreadyExistsException ex) {
					Files.delete(temporary);
				}
			}
			byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
			if (key.length != 32) {
				throw new IllegalStateException(file + " does not hold a 256-bit key in base64");
			}
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the secrets key " + file, ex);
		}
	}

	/**
	 * Seals a job's parameters, in the caller's transaction. Nothing is stored for empty
	 * parameters.
	 * @param jobId the backup's or restore's id
	 * @param parameters the parameters
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void seal(String jobId, Map<String, String> parameters) {
		if (parameters == null || parameters.isEmpty()) {
			return;
		}
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
			cipher.updateAAD(jobId.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(this.json.writeValueAsBytes(parameters));
			byte[] stored = new byte[NONCE_BYTES + sealed.length];
			System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
			System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
			this.jdbc.update("insert into job_secret (job_id, ciphertext, created_at) values (?, ?, ?)", jobId, stored,
					Timestamp.from(this.clock.instant()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot seal the parameters of job " + jobId, ex);
		}
	}

	/**
	 * Opens a job's parameters.
	 * @param jobId the job's id
	 * @return the parameters, empty if it has none
	 * @throws IllegalStateException if they cannot be opened (another replica sealed them
	 * with another key)
	 */
	public Map<String, String> open(String jobId) {
		List<byte[]> rows = this.jdbc.query("select ciphertext from job_secret where job_id = ?",
				(rs, row) -> rs.getBytes(1), jobId);
		if (rows.isEmpty()) {
			return Map.of();
		}
		byte[] stored = rows.get(0);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, stored, 0, NONCE_BYTES));
			cipher.updateAAD(jobId.getBytes(StandardCharsets.UTF_8));
			byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
			return new LinkedHashMap<>(this.json.readValue(plain, new TypeReference<Map<String, String>>() {
			}));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The per-request parameters of job " + jobId
					+ " cannot be opened with this replica's secrets key: give every replica the same backplane.secrets.key");
		}
	}

	/**
	 * Deletes a job's parameters (in the caller's transaction, if any).
	 * @param jobId the job's id
	 */
	public void forget(String jobId) {
		this.jdbc.update("delete from job_secret where job_id = ?", jobId);
	}

}
