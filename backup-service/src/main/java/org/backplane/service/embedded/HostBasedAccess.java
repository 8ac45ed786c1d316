package org.backplane.service.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.backplane.service.support.OwnerOnly;

/**
 * The embedded PostgreSQL's {@code pg_hba.conf}: which connections it accepts and how
 * they authenticate.
 */
final class HostBasedAccess {

	/** The file name, in the data directory. */
	static final String FILE = "pg_hba.conf";

	/**
	 * Every connection, over the (disabled) local socket or TCP from the loopback
	 * address, proves the password (SCRAM-SHA-256); nothing else is accepted (no
	 * replication, no other address, no {@code trust}).
	 */
	static final String SECURED = """
			# Written by Backplane at every start of its embedded PostgreSQL (edits are replaced).
			# Every connection needs the password kept in <home>/postgres/password.
			# TYPE  DATABASE  USER  ADDRESS       METHOD
			local   all       all                 scram-sha-256
			host    all       all   127.0.0.1/32  scram-sha-256
			""";

	private HostBasedAccess() {
	}

	/**
	 * Whether a data directory's {@code pg_hba.conf} lets any connection in without a
	 * password: the one {@code initdb -A trust} wrote for earlier versions does.
	 * @param data the data directory
	 * @return {@code true} if a rule's method is {@code trust}
	 * @throws IOException if the file cannot be read
	 */
	static boolean trusts(Path data) throws IOException {
		Path file = data.resolve(FILE);
		if (!Files.exists(file)) {
			return false;
		}
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		for (String line : lines) {
			int comment = line.indexOf('#');
			String rule = ((comment >= 0) ? line.substring(0, comment) : line).trim();
			if (!rule.isEmpty() && Arrays.asList(rule.split("\\s+")).contains("trust")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Replaces a data directory's {@code pg_hba.conf} with {@link #SECURED}, atomically
	 * and durably (a crash leaves the old file or the new one); nothing is written when
	 * it is already that.
	 * @param data the data directory
	 * @throws IOException if the file cannot be written
	 */
	static void secure(Path data) throws IOException {
		Path file = data.resolve(FILE);
		if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(SECURED)) {
			return;
		}
		OwnerOnly.write(file, SECURED.getBytes(StandardCharsets.UTF_8));
	}

}
