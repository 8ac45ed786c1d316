package org.backplane.service.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;

import org.backplane.service.config.BackplaneProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JobSecretsTests {

	@TempDir
	Path home;

	@Test
	void generatesAKeyReadableByItsOwnerOnlyAndKeepsIt() throws Exception {
		new JobSecrets(null, properties(null), Clock.systemUTC());
		Path key = this.home.resolve("secrets.key");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
		String first = Files.readString(key);
		new JobSecrets(null, properties(null), Clock.systemUTC());
		assertThat(Files.readString(key)).isEqualTo(first);
	}

	@Test
	void rejectsAConfiguredKeyOfTheWrongSize() {
		assertThatIllegalStateException().isThrownBy(() -> new JobSecrets(null, properties("AAAA"), Clock.systemUTC()))
			.withMessageContaining("32 bytes");
		assertThatIllegalStateException()
			.isThrownBy(() -> new JobSecrets(null, properties("not base64!"), Clock.systemUTC()))
			.withMessageContaining("base64");
	}

	private BackplaneProperties properties(String key) {
		return new BackplaneProperties(this.home,
				new BackplaneProperties.Storage(null, "default", null, null, null, null, null, null, null),
				new BackplaneProperties.Runner(4, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2),
						java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(10),
						java.time.Duration.ofSeconds(30), 1, java.time.Duration.ofMinutes(10), true),
				Map.of(), new BackplaneProperties.Secrets(key), Map.of(), null, null, null, Map.of(), Map.of());
	}

}
