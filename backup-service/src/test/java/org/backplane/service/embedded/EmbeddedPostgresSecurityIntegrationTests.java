package org.backplane.service.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.service.BackupServiceApplication;
import org.backplane.service.testsupport.ServiceHome;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The embedded PostgreSQL is private to the service, on a real server started by the
 * whole service: a connection needs the password kept in
 * {@code <home>/postgres/password}, it listens on the loopback address only, commits are
 * durable, and the home and what the service keeps in it are its owner's only. A home
 * made by an earlier version (trust authentication, no password, folders 0755, files
 * 0644) is converted at start-up, keeps its catalogue, and says what changed.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresSecurityIntegrationTests {

	private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	@Test
	void aNewHomeIsPrivateAndItsDatabaseNeedsThePassword(CapturedOutput output) throws Exception {
		Path home = ServiceHome.newDirectory("embedded-new").resolve("home");
		Path passwordFile = home.resolve("postgres/password");
		String password;
		try (ConfigurableApplicationContext service = start(home)) {
			BackplaneClient client = client(service);
			String id = client.createBackup(new CreateBackupRequest("private", List.of("sample"))).id();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> client.getBackup(id).status() == BackupStatus.STATUS_READY);
			int port = service.getBean(EmbeddedPostgres.class).getPort();
			password = Files.readString(passwordFile, StandardCharsets.US_ASCII).trim();
			assertThat(password).hasSizeGreaterThanOrEqualTo(40);
			assertPrivateDatabase(port, password);
			assertOwnerOnly(home);
			try (Stream<Path> stored = Files.walk(home.resolve("storage"))) {
				assertThat(stored.toList()).as("the backup's objects and folders")
					.contains(home.resolve("storage/backups").resolve(id).resolve("backup.json"))
					.allSatisfy((path) -> assertThat(mode(path)).as(path.toString())
						.isEqualTo(Files.isDirectory(path) ? FOLDER : FILE));
			}
		}
		assertThat(output.getAll()).doesNotContain(password).doesNotContain("Restricted " + home);

		// The data directory requires the password: without the file nothing can open it
		Files.delete(passwordFile);
		assertThatException().isThrownBy(() -> start(home).close())
			.havingRootCause()
			.withMessageContaining("requires a password, but " + passwordFile + " is missing");
	}

	@Test
	void aHomeOfAnEarlierVersionIsConvertedAndKeepsItsCatalogue(CapturedOutput output) throws Exception {
		Path home = ServiceHome.newDirectory("embedded-upgrade").resolve("home");
		Path data = home.resolve("postgres/data");
		Files.createDirectories(data);
		// As earlier versions started it: initdb -A trust, fsync and synchronous_commit
		// off
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(home.resolve("postgres/runtime").toFile())
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("max_connections", "50")
			.setRegisterShutdownHook(false)
			.start()) {
			Flyway.configure()
				.dataSource(old.getPostgresDatabase())
				.locations("classpath:db/migration")
				.load()
				.migrate();
			new JdbcTemplate(old.getPostgresDatabase()).update("""
					insert into backup (id, label, status, row_version, service_version, storage_location, storage_uri,
					  created_at, updated_at, completed_at)
					values ('earlier-11111111-2222-4333-8444-555555555555', 'earlier', 'STATUS_READY', 0, '0.1.0',
					  'default', ?, now(), now(), now())
					""", home.resolve("storage").toUri().toString());
		}
		Files.writeString(home.resolve("secrets.key"), Base64.getEncoder().encodeToString(new byte[32]));
		Path object = home.resolve("storage/backups/earlier-11111111-2222-4333-8444-555555555555/backup.json");
		Files.createDirectories(object.getParent());
		Files.writeString(object, "{}");
		// unpacked into by the first server of a JVM only (this JVM's may be elsewhere)
		Files.createDirectories(home.resolve("postgres/runtime"));
		Files.createDirectories(home.resolve("sample/notes"));
		Files.writeString(home.resolve("sample/notes/hello.txt"), "hello");
		loosen(home);
		// a file not the service's is left alone
		Path other = Files.writeString(home.resolve("operator-notes.txt"), "mine");
		Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-r--r--"));

		try (ConfigurableApplicationContext service = start(home)) {
			BackupResponse earlier = client(service).getBackup("earlier-11111111-2222-4333-8444-555555555555");
			assertThat(earlier.status()).isEqualTo(BackupStatus.STATUS_READY);
			String password = Files.readString(home.resolve("postgres/password"), StandardCharsets.US_ASCII).trim();
			assertPrivateDatabase(service.getBean(EmbeddedPostgres.class).getPort(), password);
			assertOwnerOnly(home);
			assertThat(output.getAll()).doesNotContain(password);
		}
		List<String> restricted = output.getAll()
			.lines()
			.filter((line) -> line.contains("Restricted " + home))
			.toList();
		assertThat(restricted).as("one line says what changed").hasSize(1);
		assertThat(restricted.get(0))
			.contains("the embedded PostgreSQL now requires the password in " + home.resolve("postgres/password")
					+ " (its data directory trusted every local connection")
			.containsPattern("folder\\(s\\) and \\d+ file\\(s\\) lost the group's and other users' permissions: "
					+ "<home> 0755->0700, postgres 0755->0700");
		assertThat(mode(object)).as("the content of the storage folder stays as it was").isNotEqualTo(FILE);
		assertThat(mode(other)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));

		// The next start is an ordinary one
		try (ConfigurableApplicationContext service = start(home)) {
			assertThat(client(service).getBackup("earlier-11111111-2222-4333-8444-555555555555").status())
				.isEqualTo(BackupStatus.STATUS_READY);
		}
		assertThat(output.getAll().lines().filter((line) -> line.contains("Restricted " + home))).hasSize(1);
	}

	private static void assertPrivateDatabase(int port, String password) throws SQLException {
		String url = EmbeddedPostgresConfiguration.jdbcUrl(port);
		assertThatExceptionOfType(SQLException.class).as("no password")
			.isThrownBy(() -> DriverManager.getConnection(url, "postgres", null).close());
		assertThatExceptionOfType(SQLException.class).as("a wrong password")
			.isThrownBy(() -> DriverManager.getConnection(url, "postgres", password + "x").close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		try (Connection connection = DriverManager.getConnection(url, "postgres", password);
				Statement statement = connection.createStatement()) {
			assertThat(show(statement, "fsync")).isEqualTo("on");
			assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
			assertThat(show(statement, "full_page_writes")).isEqualTo("on");
			assertThat(show(statement, "listen_addresses")).isEqualTo("127.0.0.1");
			assertThat(show(statement, "unix_socket_directories")).isEmpty();
			try (var rules = statement.executeQuery("select auth_method from pg_hba_file_rules")) {
				List<String> methods = new ArrayList<>();
				while (rules.next()) {
					methods.add(rules.getString(1));
				}
				assertThat(methods).isNotEmpty().containsOnly("scram-sha-256");
			}
		}
	}

	private static String show(Statement statement, String setting) throws SQLException {
		try (var result = statement.executeQuery("show " + setting)) {
			result.next();
			return result.getString(1);
		}
	}

	private static void assertOwnerOnly(Path home) throws IOException {
		assertThat(mode(home)).isEqualTo(FOLDER);
		assertThat(mode(home.resolve("postgres"))).isEqualTo(FOLDER);
		assertThat(mode(home.resolve("postgres/password"))).isEqualTo(FILE);
		assertThat(mode(home.resolve("postgres/data"))).isEqualTo(FOLDER);
		assertThat(mode(home.resolve("postgres/runtime"))).isEqualTo(FOLDER);
		assertThat(mode(home.resolve("secrets.key"))).isEqualTo(FILE);
		assertThat(mode(home.resolve("storage"))).isEqualTo(FOLDER);
		assertThat(mode(home.resolve("sample"))).isEqualTo(FOLDER);
		try (Stream<Path> all = Files.walk(home.resolve("postgres"))) {
			assertThat(all.filter((path) -> !Files.isSymbolicLink(path)))
				.as("nothing under postgres/ is open to the group or other users")
				.allSatisfy((path) -> assertThat(mode(path)).as(path.toString()).noneMatch(OTHERS_OR_GROUP::contains));
		}
	}

	private static final Set<PosixFilePermission> OTHERS_OR_GROUP = PosixFilePermissions.fromString("---rwxrwx");

	/**
	 * What earlier versions left: folders 0755 (the runtime folder 0777), files 0644
	 * (executables 0755).
	 * @param home the home
	 */
	private static void loosen(Path home) throws IOException {
		try (Stream<Path> all = Files.walk(home)) {
			for (Path path : all.filter((p) -> !Files.isSymbolicLink(p)).toList()) {
				Set<PosixFilePermission> mode = EnumSet.copyOf(mode(path));
				mode.addAll(PosixFilePermissions.fromString("r--r--r--"));
				if (Files.isDirectory(path) || mode.contains(PosixFilePermission.OWNER_EXECUTE)) {
					mode.addAll(PosixFilePermissions.fromString("r-xr-xr-x"));
				}
				Files.setPosixFilePermissions(path, mode);
			}
		}
		Files.setPosixFilePermissions(home.resolve("postgres/runtime"), PosixFilePermissions.fromString("rwxrwxrwx"));
	}

	private static Set<PosixFilePermission> mode(Path path) {
		try {
			return Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ConfigurableApplicationContext start(Path home) {
		return new SpringApplicationBuilder(BackupServiceApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--backplane.home=" + home, "--backplane.runner.polling-interval=200ms");
	}

	private static BackplaneClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return BackplaneClient.builder(URI.create("http://127.0.0.1:" + port)).build();
	}

}
