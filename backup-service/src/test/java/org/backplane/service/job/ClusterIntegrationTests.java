package org.backplane.service.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.service.BackupServiceApplication;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two runners sharing one PostgreSQL never run the same job twice, and both take work; a
 * recurring job registered on both runs each tick once, never on both at a time; a
 * schedule declared on both starts one backup per tick; a backup whose runner is taken
 * for dead is reaped by both at once and run again exactly once.
 */
class ClusterIntegrationTests {

	private static final int JOBS = 16;

	@Test
	void twoRunnersSharingOneDatabaseRunEachBackupExactlyOnceAndEachTickOnce() throws IOException {
		Ticking.TICKS.clear();
		List<String> config = new ArrayList<>(List.of("--server.port=0", "--backplane.runner.threads=2",
				"--backplane.runner.polling-interval=200ms", "--backplane.runner.heartbeat-interval=500ms",
				"--backplane.runner.reaper-interval=1s", "--backplane.components.long.type=synthetic",
				"--backplane.components.long.items=100", "--backplane.components.long.delay-per-item=100ms"));
		for (int i = 0; i < JOBS; i++) {
			config.add("--backplane.components.node" + i + ".type=synthetic");
			config.add("--backplane.components.node" + i + ".items=10");
			config.add("--backplane.components.node" + i + ".delay-per-item=100ms");
		}
		// a declared schedule on both replicas, ticking every 2 seconds
		config.addAll(List.of("--backplane.components.ticked.type=synthetic", "--backplane.components.ticked.items=1",
				"--backplane.schedules.ticked.cron=*/2 * * * * *", "--backplane.schedules.ticked.components=ticked",
				"--backplane.scheduling.poll-interval=200ms"));
		Path homeA = ServiceHome.newDirectory("cluster-a");
		Path homeB = ServiceHome.newDirectory("cluster-b");
		// replicas share an external PostgreSQL (the embedded one serves one node)
		try (EmbeddedPostgres postgres = startPostgres()) {
			config.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
			config.add("--spring.datasource.username=postgres");
			config.add("--backplane.storage.location=" + homeA.resolve("storage").toUri());
			List<String> argsA = new ArrayList<>(config);
			argsA.add("--backplane.home=" + homeA);
			List<String> argsB = new ArrayList<>(config);
			argsB.add("--backplane.home=" + homeB);
			try (ConfigurableApplicationContext a = start(argsA); ConfigurableApplicationContext b = start(argsB)) {
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
				List<Tick> ticks = List.copyOf(Ticking.TICKS);
				assertThat(ticks).as("the recurring job ticked").hasSizeGreaterThanOrEqualTo(3);
				assertThat(ticks.stream().map(Tick::due).distinct()).as("each tick ran once").hasSize(ticks.size());
				for (int i = 1; i < ticks.size(); i++) {
					assertThat(ticks.get(i).started()).as("ticks never overlap")
						.isAfterOrEqualTo(ticks.get(i - 1).ended());
				}
				// the schedule ran once per tick: every backup it made belongs to exactly
				// one tick's row (primary key: schedule and due time), and each was
				// backed up once
				await().atMost(Duration.ofSeconds(60))
					.until(() -> jdbc.queryForObject(
							"select count(*) from schedule_run where schedule_name = 'ticked' and outcome = 'STARTED'",
							Integer.class) >= 3);
				// each query reads one snapshot: a tick commits its backup and its row
				// together
				assertThat(jdbc.queryForObject("select count(*) from backup b where b.label = 'ticked' and not exists "
						+ "(select 1 from schedule_run r where r.backup_id = b.id)", Integer.class))
					.as("every backup of the schedule belongs to one tick")
					.isZero();
				assertThat(jdbc.queryForObject("select count(*) from schedule_run r where r.schedule_name = 'ticked' "
						+ "and r.outcome = 'STARTED' and not exists (select 1 from backup b where b.id = r.backup_id)",
						Integer.class))
					.as("every tick that started a backup has it")
					.isZero();
				int ran = SyntheticSource.BACKUPS.get("ticked").get();
				assertThat(ran).as("each tick's backup ran once")
					.isLessThanOrEqualTo(
							jdbc.queryForObject("select count(*) from backup where label = 'ticked'", Integer.class));
				// a runner stopped and started again (a paused test context) runs jobs
				// again
				b.stop();
				b.start();
				BackplaneClient restarted = client(b);
				String again = restarted.createBackup(new CreateBackupRequest("cluster-again", List.of("node0"))).id();
				a.stop();
				await().atMost(Duration.ofSeconds(60))
					.until(() -> restarted.getBackup(again).status() == BackupStatus.STATUS_READY);
				a.start();
				// a backup whose runner is taken for dead (its row no longer its own, its
				// heartbeat an hour old) is reaped by both replicas at once: the slow
				// runner
				// stops, exactly one replica runs it again, as attempt 2
				BackplaneClient first = client(a);
				String orphan = first.createBackup(new CreateBackupRequest("cluster-orphan", List.of("long"))).id();
				await().atMost(Duration.ofSeconds(60)).until(() -> first.getBackup(orphan).progress().itemsDone() > 0);
				assertThat(jdbc.update(
						"update backup set runner = 'ghost', heartbeat_at = now() - interval '1 hour' where id = ?",
						orphan))
					.isOne();
				BackupResponse retried = await().atMost(Duration.ofSeconds(120))
					.until(() -> first.getBackup(orphan),
							(backup) -> backup.status() != BackupStatus.STATUS_BACKING_UP);
				assertThat(retried.status()).as(retried.errorReason()).isEqualTo(BackupStatus.STATUS_READY);
				assertThat(retried.attempts()).isEqualTo(2);
				assertThat(SyntheticSource.BACKUPS.get("long")).as("the slow attempt and one new one").hasValue(2);
			}
		}
	}

	private static EmbeddedPostgres startPostgres() {
		try {
			return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ConfigurableApplicationContext start(List<String> args) {
		return new SpringApplicationBuilder(BackupServiceApplication.class)
			.initializers((ApplicationContextInitializer<GenericApplicationContext>) (context) -> context
				.registerBean("tickingJob", RecurringJob.class, Ticking::job))
			.run(args.toArray(String[]::new));
	}

	private static BackplaneClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return BackplaneClient.builder(URI.create("http://127.0.0.1:" + port)).build();
	}

	/**
	 * The same recurring job on every runner (registered by hand: a configuration class
	 * here would be picked up by every context's component scan): each tick records when
	 * it was due and when it ran.
	 */
	static final class Ticking {

		static final List<Tick> TICKS = new CopyOnWriteArrayList<>();

		private Ticking() {
		}

		static RecurringJob job() {
			return new RecurringJob("test-tick", Duration.ofMillis(200)) {
				@Override
				protected void runTick(Instant due) throws InterruptedException {
					Instant started = Instant.now();
					Thread.sleep(50);
					TICKS.add(new Tick(due, started, Instant.now()));
				}
			};
		}

	}

	record Tick(Instant due, Instant started, Instant ended) {
	}

}
