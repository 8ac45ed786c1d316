package org.backplane.service.job;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.service.BackupServiceApplication;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two runners sharing one PostgreSQL never run the same job twice, and both take work.
 */
class ClusterIntegrationTests {

	private static final int JOBS = 16;

	@Test
	void twoRunnersSharingOneDatabaseRunEachBackupExactlyOnce() {
		List<String> config = new ArrayList<>(List.of("--server.port=0", "--backplane.runner.threads=2",
				"--backplane.runner.polling-interval=200ms", "--backplane.runner.heartbeat-interval=500ms"));
		for (int i = 0; i < JOBS; i++) {
			config.add("--backplane.components.node" + i + ".type=synthetic");
			config.add("--backplane.components.node" + i + ".items=10");
			config.add("--backplane.components.node" + i + ".delay-per-item=100ms");
		}
		Path homeA = ServiceHome.newDirectory("cluster-a");
		Path homeB = ServiceHome.newDirectory("cluster-b");
		List<String> argsA = new ArrayList<>(config);
		argsA.add("--backplane.home=" + homeA);
		try (ConfigurableApplicationContext a = start(argsA)) {
			int pgPort = a.getBean(EmbeddedPostgres.class).getPort();
			List<String> argsB = new ArrayList<>(config);
			argsB.add("--backplane.home=" + homeB);
			argsB.add("--backplane.storage.location=" + homeA.resolve("storage").toUri());
			argsB.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres");
			argsB.add("--spring.datasource.username=postgres");
			try (ConfigurableApplicationContext b = start(argsB)) {
				List<BackplaneClient> clients = List.of(client(a), client(b));
				List<String> ids = IntStream.range(0, JOBS)
					.mapToObj((i) -> clients.get(i % 2)
						.createBackup(new CreateBackupRequest("cluster-" + i, List.of("node" + i)))
						.id())
					.toList();
				await().atMost(Duration.ofSeconds(120))
					.until(() -> ids.stream()
						.allMatch((id) -> clients.get(0).getBackup(id).status() == BackupStatus.STATUS_READY));
				for (int i = 0; i < JOBS; i++) {
					assertThat(SyntheticSource.BACKUPS.get("node" + i)).as("node" + i + " backed up once").hasValue(1);
				}
				JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
				Map<String, Long> byRunner = jdbc
					.queryForList("select runner from backup where label like 'cluster-%'", String.class)
					.stream()
					.collect(Collectors.groupingBy((r) -> r, Collectors.counting()));
				assertThat(byRunner.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(JOBS);
				assertThat(byRunner).as("both runners took work: " + byRunner).hasSize(2);
			}
		}
	}

	private static ConfigurableApplicationContext start(List<String> args) {
		return new SpringApplicationBuilder(BackupServiceApplication.class).run(args.toArray(String[]::new));
	}

	private static BackplaneClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return BackplaneClient.builder(URI.create("http://127.0.0.1:" + port)).build();
	}

}
