package org.backplane.service.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.home.HomeDirectory;
import org.backplane.service.support.OwnerOnly;
import org.postgresql.PGConnection;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded PostgreSQL when no {@code spring.datasource.url} is configured. Its
 * data directory, {@code <home>/postgres/data}, persists across restarts. A server
 * orphaned by a killed previous run (the JVM died with SIGKILL, its PostgreSQL lived on)
 * is stopped before the new one starts, so a stale lock never blocks start-up;
 * PostgreSQL's write-ahead log makes that safe for the data.
 * <p>
 * The server is private to the service: it listens on 127.0.0.1 only (no Unix socket),
 * every connection proves the password kept in {@code <home>/postgres/password}
 * ({@code 0600}, generated once) with SCRAM-SHA-256, and no rule trusts anyone. Commits
 * are durable: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} are
 * on (the library turns the first two off, as suits throwaway test databases). Its
 * folders are the owner's only ({@code 0700}, files {@code 0600}; the library makes its
 * {@code runtime} folder world-writable, which is undone after every start, and the
 * {@code postgres} folder above it is {@code 0700} throughout).
 * <p>
 * A data directory initialised by an earlier version (every local connection trusted, no
 * password) is converted at start-up and keeps its data; see
 * {@link #requirePassword(Path, Path, EmbeddedPostgresPassword)} for the order that makes
 * the conversion safe against a crash half-way.
 * <p>
 * PostgreSQL stops when the application context closes, after everything that uses it
 * (the data source, and before it the job runners recording how their jobs ended). The
 * library's own JVM shutdown hook is off: it ran alongside Spring's and stopped the
 * server under running jobs.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
class EmbeddedPostgresConfiguration {

	/** The superuser, the only role. */
	static final String USER = "postgres";

	/** The password's file name, in {@code <home>/postgres}. */
	static final String PASSWORD_FILE = "password";

	/** The pool's connection timeout in milliseconds, as for an external database. */
	static final String CONNECTION_TIMEOUT = "spring.datasource.hikari.connection-timeout";

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(HomeDirectory home) throws IOException {
		Path root = home.path().resolve("postgres");
		Path data = root.resolve("data");
		Path runtime = root.resolve("runtime");
		OwnerOnly.createDirectories(data);
		OwnerOnly.createDirectories(runtime);
		stopOrphan(data);
		boolean initialised = Files.exists(data.resolve("postgresql.conf"));
		boolean trusting = initialised && HostBasedAccess.trusts(data);
		Path passwordFile = root.resolve(PASSWORD_FILE);
		EmbeddedPostgresPassword password = EmbeddedPostgresPassword.read(passwordFile);
		if (password == null) {
			if (initialised && !trusting) {
				throw new IllegalStateException("The embedded PostgreSQL in " + data + " requires a password, but "
						+ passwordFile + " is missing: restore it, or set a new password as docs/operations.md says "
						+ "(\"The embedded database\")");
			}
			password = EmbeddedPostgresPassword.generate(passwordFile);
		}
		logger.info("Starting embedded PostgreSQL: data=" + data);
		EmbeddedPostgres postgres;
		String converted = null;
		try {
			if (trusting) {
				postgres = requirePassword(data, runtime, password);
				converted = "the embedded PostgreSQL now requires the password in " + password.file()
						+ " (its data directory trusted every local connection; " + HostBasedAccess.FILE
						+ " now allows scram-sha-256 connections only)";
			}
			else {
				postgres = start(data, runtime, password, !initialised, true);
			}
		}
		finally {
			// one line for everything start-up changed in the home
			home.logChanges(converted);
		}
		// The library makes its runtime folder writable by everyone at its first start
		// in a JVM (the postgres folder above it, 0700, kept others out meanwhile), and
		// creates its lock file with the umask's mode
		List<OwnerOnly.Change> changes;
		try {
			changes = OwnerOnly.restrict(root, true);
		}
		catch (IOException | RuntimeException ex) {
			postgres.close();
			throw ex;
		}
		if (logger.isDebugEnabled() && !changes.isEmpty()) {
			logger
				.debug("Restricted to the owner after start: " + changes.stream().map(OwnerOnly.Change::path).toList());
		}
		logger.info("Embedded PostgreSQL started: port=" + postgres.getPort() + " data=" + data);
		return postgres;
	}

	/**
	 * Converts a data directory whose {@code pg_hba.conf} trusts local connections (as
	 * every earlier version's did) to password authentication, keeping its data, and
	 * returns the server started with the new rules.
	 * <p>
	 * The order never locks the service out, whatever step a crash interrupts:
	 * <ol>
	 * <li>The password is on disk first ({@code <home>/postgres/password}, written
	 * durably by the caller, or kept from an interrupted earlier conversion).</li>
	 * <li>The server starts over the old rules, which still trust local connections, and
	 * the password is set over such a connection ({@code ALTER USER postgres PASSWORD},
	 * as a SCRAM verifier computed here, so the password itself never reaches the server
	 * or its logs). The commit is durable ({@code fsync} and {@code synchronous_commit}
	 * are on). A crash before or after this step leaves the old rules: the next start
	 * does this step again with the same password file.</li>
	 * <li>{@code pg_hba.conf} is replaced, atomically (written aside, forced, renamed),
	 * by rules that require the password. A crash before the rename is the case above;
	 * after it the server has the password and the file holds it, so the next start is an
	 * ordinary one.</li>
	 * <li>The server restarts, so the new rules are in force before anything connects (a
	 * reload would apply them at some later moment).</li>
	 * </ol>
	 * The other orders can lock the service out: rules requiring a password before the
	 * server has it, or a password the server has but no file holds.
	 * @param data the data directory
	 * @param runtime the library's working folder
	 * @param password the password, already on disk
	 * @return the server, now requiring the password
	 * @throws IOException if the server cannot be started or the rules written
	 */
	private static EmbeddedPostgres requirePassword(Path data, Path runtime, EmbeddedPostgresPassword password)
			throws IOException {
		EmbeddedPostgres trusting = start(data, runtime, password, false, false);
		try {
			try (Connection connection = DriverManager.getConnection(jdbcUrl(trusting.getPort()), USER,
					password.value())) {
				connection.unwrap(PGConnection.class)
					.alterUserPassword(USER, password.value().toCharArray(), "scram-sha-256");
			}
			catch (SQLException ex) {
				throw new IOException("Cannot set the embedded PostgreSQL's password", ex);
			}
			HostBasedAccess.secure(data);
		}
		finally {
			trusting.close();
		}
		return start(data, runtime, password, false, true);
	}

	private static EmbeddedPostgres start(Path data, Path runtime, EmbeddedPostgresPassword password, boolean initdb,
			boolean secured) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(runtime.toFile())
			.setServerConfig("listen_addresses", "127.0.0.1")
			// no Unix socket: TCP on the loopback address is the only way in
			.setServerConfig("unix_socket_directories", "")
			.setServerConfig("max_connections", "50")
			.setServerConfig("password_encryption", "scram-sha-256")
			// the library passes -F (fsync off) and synchronous_commit=off; these win
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			// the library's readiness check connects with this
			.setConnectConfig("password", password.value())
			.setPGStartupWait(Duration.ofSeconds(60))
			.setRegisterShutdownHook(false);
		if (initdb) {
			// The library passes its "locale" settings to initdb as --key=value only, and
			// runs initdb only for a new data directory: the superuser gets the password
			// from the file (never on a command line) before the server first starts
			builder.setLocaleConfig("pwfile", password.file().toString());
		}
		if (secured) {
			// Called after initdb (whose rules trust everyone) and before the server
			// starts
			builder.setDataDirectoryCustomizer((directory) -> {
				try {
					HostBasedAccess.secure(directory.toPath());
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot write " + HostBasedAccess.FILE + " in " + directory, ex);
				}
			});
		}
		try {
			return builder.start();
		}
		catch (IOException ex) {
			if (refusedPassword(ex)) {
				throw new IllegalStateException("The embedded PostgreSQL in " + data + " refused the password in "
						+ password.file() + ": restore the file that belongs to this data directory, or set a new "
						+ "password as docs/operations.md says (\"The embedded database\")", ex);
			}
			throw ex;
		}
	}

	private static boolean refusedPassword(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && "28P01".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	static String jdbcUrl(int port) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(EmbeddedPostgres postgres, HomeDirectory home, Environment environment) throws IOException {
		EmbeddedPostgresPassword password = EmbeddedPostgresPassword
			.read(home.path().resolve("postgres").resolve(PASSWORD_FILE));
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl(postgres.getPort()));
		config.setUsername(USER);
		config.setPassword(password.value());
		config.setMaximumPoolSize(15);
		// the key Spring Boot binds for an external database: requests fail fast (503)
		// when the database is down instead of waiting Hikari's default 30 s
		config.setConnectionTimeout(environment.getProperty(CONNECTION_TIMEOUT, Long.class, 5000L));
		config.setPoolName("backplane-embedded");
		HikariDataSource dataSource = new HikariDataSource(config);
		try {
			SharedEmbeddedDatabaseGuard.mark(dataSource);
		}
		catch (SQLException ex) {
			dataSource.close();
			throw new IOException("Cannot mark the embedded PostgreSQL as one service's own", ex);
		}
		return dataSource;
	}

	/**
	 * Stops a PostgreSQL left running by a previous, killed run over the same data
	 * directory. Its pid is the first line of {@code postmaster.pid}; it is only
	 * signalled if that process is alive and is a postgres.
	 * @param data the embedded PostgreSQL's data directory
	 */
	static void stopOrphan(Path data) {
		Path pidFile = data.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		try {
			List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
			long pid = Long.parseLong(lines.get(0).trim());
			Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
			if (process.isPresent() && isPostgres(process.get())) {
				logger.warn("Stopping the embedded PostgreSQL orphaned by a previous run: pid=" + pid);
				// SIGTERM: PostgreSQL's smart shutdown; its clients died with the old JVM
				process.get().destroy();
				if (!waitForExit(process.get(), Duration.ofSeconds(30))) {
					process.get().destroyForcibly();
					waitForExit(process.get(), Duration.ofSeconds(10));
				}
			}
			// A server that is gone may leave its pid file; PostgreSQL would refuse to
			// start if the pid were reused by another process.
			if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
				Files.deleteIfExists(pidFile);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot inspect " + pidFile, ex);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring an unreadable " + pidFile + ": " + ex.getMessage());
		}
	}

	private static boolean isPostgres(ProcessHandle process) {
		return process.info().command().map((command) -> command.contains("postgres")).orElse(true);
	}

	private static boolean waitForExit(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (Exception ex) {
			return !process.isAlive();
		}
	}

	/**
	 * Matches when {@code spring.datasource.url} is not set.
	 */
	static class NoDataSourceUrl extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("spring.datasource.url");
			return StringUtils.hasText(url) ? ConditionOutcome.noMatch("spring.datasource.url is set")
					: ConditionOutcome.match("no spring.datasource.url: using the embedded PostgreSQL");
		}

	}

}
