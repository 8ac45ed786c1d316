package org.backplane.service.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.backplane.service.BackupServiceApplication;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With its (external) PostgreSQL stopped, the service answers 503 quickly, reports
 * readiness DOWN, and serves again by itself once the database is back on the same port.
 */
class DatabaseOutageIntegrationTests {

	/**
	 * Not a timing assertion: a request used to wait for Hikari's default 30 s connection
	 * timeout; the bound is generous (the service waits a few seconds) and only catches a
	 * return to the 30 s wait.
	 */
	private static final Duration FAST = Duration.ofSeconds(15);

	@Test
	void anOutageAnswers503QuicklyReportsNotReadyAndHealsWhenTheDatabaseIsBack() throws IOException {
		Path data = ServiceHome.newDirectory("outage-pg");
		int pgPort = freePort();
		EmbeddedPostgres postgres = start(data, pgPort);
		try {
			String[] args = { "--server.port=0", "--backplane.home=" + ServiceHome.newDirectory("outage"),
					"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
					"--spring.datasource.username=postgres" };
			try (ConfigurableApplicationContext service = new SpringApplicationBuilder(BackupServiceApplication.class)
				.run(args)) {
				Http http = new Http(((WebServerApplicationContext) service).getWebServer().getPort());
				assertThat(http.get("/api/v1/backups").statusCode()).isEqualTo(200);
				assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

				postgres.close();
				postgres = null;

				Instant before = Instant.now();
				HttpResponse<String> backups = http.get("/api/v1/backups");
				assertThat(Duration.between(before, Instant.now())).isLessThan(FAST);
				assertThat(backups.statusCode()).as(backups.body()).isEqualTo(503);
				assertThat(backups.headers().firstValue("Content-Type"))
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(backups.body()).contains("database");

				before = Instant.now();
				HttpResponse<String> list = http.get("/v1/list");
				assertThat(Duration.between(before, Instant.now())).isLessThan(FAST);
				assertThat(list.statusCode()).as(list.body()).isEqualTo(503);
				assertThat(list.body()).startsWith("{\"errors\":[").contains("database");

				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(
							() -> assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(503));

				postgres = start(data, pgPort);

				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(http.get("/api/v1/backups").statusCode()).isEqualTo(200));
				assertThat(http.get("/v1/list").statusCode()).isEqualTo(200);
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(
							() -> assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200));
			}
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
	}

	private static EmbeddedPostgres start(Path data, int port) throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPort(port)
			.setRegisterShutdownHook(false)
			.start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
