package org.backplane.service.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.backplane.service.config.BackplaneProperties;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded PostgreSQL when no {@code spring.datasource.url} is configured. Its
 * data directory, {@code <home>/postgres/data}, persists across restarts. A server
 * orphaned by a killed previous run (the JVM died with SIGKILL, its PostgreSQL lived on)
 * is stopped before the new one starts, so a stale lock never blocks start-up;
 * PostgreSQL's write-ahead log makes that safe for the data.
 * <p>
 * PostgreSQL stops when the application context closes, after everything that uses it
 * (the data source, and before it the job runners recording how their jobs ended). The
 * library's own JVM shutdown hook is off: it ran alongside Spring's and stopped the
 * server under running jobs.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
class EmbeddedPostgresConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(BackplaneProperties properties) throws IOException {
		Path root = properties.home().resolve("postgres");
		Path data = root.resolve("data");
		Files.createDirectories(data);
		stopOrphan(data);
		logger.info("Starting embedded PostgreSQL: data=" + data);
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(root.resolve("runtime").toFile())
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("max_connections", "50")
			.setPGStartupWait(Duration.ofSeconds(60))
			.setRegisterShutdownHook(false)
			.start();
		logger.info("Embedded PostgreSQL started: port=" + postgres.getPort() + " data=" + data);
		return postgres;
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(EmbeddedPostgres postgres) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
		config.setUsername("postgres");
		config.setMaximumPoolSize(15);
		config.setPoolName("backplane-embedded");
		return new HikariDataSource(config);
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
