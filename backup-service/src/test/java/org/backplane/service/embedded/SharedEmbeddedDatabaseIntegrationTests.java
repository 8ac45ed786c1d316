package org.backplane.service.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.backplane.service.BackupServiceApplication;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A second service pointed at another's embedded PostgreSQL refuses to start, saying to
 * use an external PostgreSQL.
 */
class SharedEmbeddedDatabaseIntegrationTests {

	@Test
	void aSecondServicePointedAtAnotherServicesEmbeddedDatabaseRefusesToStart() throws IOException {
		Path home = ServiceHome.newDirectory("shared-embedded");
		try (ConfigurableApplicationContext first = new SpringApplicationBuilder(BackupServiceApplication.class)
			.run("--server.port=0", "--backplane.home=" + home)) {
			int port = first.getBean(EmbeddedPostgres.class).getPort();
			String password = Files.readString(home.resolve("postgres/password")).trim();
			assertThatThrownBy(() -> new SpringApplicationBuilder(BackupServiceApplication.class).run("--server.port=0",
					"--backplane.home=" + ServiceHome.newDirectory("shared-embedded-second"),
					"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/postgres",
					"--spring.datasource.username=postgres", "--spring.datasource.password=" + password))
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("another Backplane service's embedded PostgreSQL")
				.hasMessageContaining("external PostgreSQL")
				.hasMessageNotContaining(password);
			assertThat(first.isActive()).isTrue();
		}
	}

}
