package org.backplane.service.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.backplane.service.config.BackplaneProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home is created owner-only; what the service keeps in a home an earlier version
 * left open is restricted at start-up, in one log line, and nothing else in it is
 * touched.
 */
@ExtendWith(OutputCaptureExtension.class)
class HomeDirectoryTests {

	@TempDir
	Path temp;

	@Test
	void aNewHomeIsTheOwnersOnlyAndNothingIsLogged(CapturedOutput output) throws IOException {
		Path home = this.temp.resolve("new/home");
		HomeDirectory directory = new HomeDirectory(properties(home));
		directory.afterSingletonsInstantiated();
		assertThat(directory.path()).isEqualTo(home);
		assertThat(Files.getPosixFilePermissions(home)).isEqualTo(mode("rwx------"));
		assertThat(output.getAll()).doesNotContain("Restricted");
	}

	@Test
	void anEarlierVersionsHomeIsRestrictedInOneLogLine(CapturedOutput output) throws IOException {
		Path home = this.temp.resolve("old");
		Files.createDirectories(home.resolve("postgres/data/base"));
		Path executable = Files.createDirectories(home.resolve("postgres/runtime/bin")).resolve("postgres");
		Files.writeString(executable, "#!");
		Files.writeString(home.resolve("postgres/data/base/1"), "x");
		Files.writeString(home.resolve("secrets.key"), "k");
		Files.createDirectories(home.resolve("storage/backups"));
		Files.writeString(home.resolve("storage/backups/object"), "o");
		Files.createDirectories(home.resolve("sample"));
		Files.writeString(home.resolve("operator.txt"), "mine");
		Files.createDirectories(home.resolve("operator"));
		try (var all = Files.walk(home)) {
			for (Path path : all.toList()) {
				Files.setPosixFilePermissions(path, mode(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
			}
		}
		Files.setPosixFilePermissions(executable, mode("rwxr-xr-x"));
		Files.setPosixFilePermissions(home.resolve("postgres/runtime"), mode("rwxrwxrwx"));

		HomeDirectory directory = new HomeDirectory(properties(home));
		directory.logChanges("the database changed too");
		directory.afterSingletonsInstantiated();

		for (String folder : new String[] { "", "postgres", "postgres/data", "postgres/data/base", "postgres/runtime",
				"postgres/runtime/bin", "storage", "sample" }) {
			assertThat(Files.getPosixFilePermissions(home.resolve(folder))).as(folder).isEqualTo(mode("rwx------"));
		}
		assertThat(Files.getPosixFilePermissions(home.resolve("postgres/data/base/1"))).isEqualTo(mode("rw-------"));
		assertThat(Files.getPosixFilePermissions(home.resolve("secrets.key"))).isEqualTo(mode("rw-------"));
		assertThat(Files.getPosixFilePermissions(executable)).as("still executable").isEqualTo(mode("rwx------"));
		// reachable through storage/ only; not the service's: untouched
		assertThat(Files.getPosixFilePermissions(home.resolve("storage/backups"))).isEqualTo(mode("rwxr-xr-x"));
		assertThat(Files.getPosixFilePermissions(home.resolve("operator.txt"))).isEqualTo(mode("rw-r--r--"));
		assertThat(Files.getPosixFilePermissions(home.resolve("operator"))).isEqualTo(mode("rwxr-xr-x"));

		assertThat(output.getAll().lines().filter((line) -> line.contains("Restricted"))).singleElement()
			.asString()
			.contains("Restricted " + home + " to its owner (the group or other users had access): "
					+ "the database changed too; 8 folder(s) and 3 file(s) lost the group's and other users' "
					+ "permissions: <home> 0755->0700, postgres 0755->0700, ")
			.contains("postgres/runtime 0777->0700")
			.endsWith(", and 5 more");
	}

	private static Set<PosixFilePermission> mode(String symbolic) {
		return PosixFilePermissions.fromString(symbolic);
	}

	private static BackplaneProperties properties(Path home) {
		return new BackplaneProperties(home,
				new BackplaneProperties.Storage(null, "default", null, null, null, null, null, null, null),
				new BackplaneProperties.Runner(4, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30),
						Duration.ofSeconds(10), Duration.ofSeconds(30), 1, Duration.ofMinutes(10), true),
				Map.of(), new BackplaneProperties.Secrets(null), Map.of(), null, null, null, Map.of(), Map.of());
	}

}
