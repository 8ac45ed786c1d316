package org.backplane.service.backup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.job.NodeSteps;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a backup leaves beside its row goes with it: the per-node rows of its runs
 * ({@code run_node}, V15's triggers), and HEAD on its archive is answered from the
 * catalogue without reading storage.
 */
@ServiceIntegrationTest
class RunRowsIntegrationTests extends ServiceHomeProperties {

	@LocalServerPort
	int port;

	@Autowired
	NodeSteps steps;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void deletingABackupDeletesTheNodeRowsOfItAndOfItsRestores() {
		BackplaneClient client = client();
		String id = readyBackup(client, "run-rows");
		String restore = client.createRestore(id, new CreateRestoreRequest("overwrite")).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getRestore(id, restore).status() != RestoreStatus.STATUS_RESTORING);
		// as a nodes component's runs record them
		this.steps.begin(id, "alpha", 2);
		this.steps.begin(restore, "alpha", 2);
		this.steps.pause(restore);
		String other = readyBackup(client, "run-rows");
		this.steps.begin(other, "alpha", 1);
		assertThat(nodeRows(id, restore)).isEqualTo(4);

		client.deleteBackup(id);

		assertThat(nodeRows(id, restore)).as("the backup's and its restore's node rows").isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from run_pause where run_id = ?", Integer.class, restore))
			.isZero();
		assertThat(nodeRows(other, other)).as("another backup's are kept").isEqualTo(1);
	}

	@Test
	void headOnAnArchiveIsAnsweredFromTheCatalogue() throws Exception {
		BackplaneClient client = client();
		String id = readyBackup(client, "head-archive");
		// storage no longer has the manifest: a GET fails, HEAD does not read storage
		Files.delete(ServiceHome.get().resolve("storage/backups").resolve(id).resolve("backup.json"));
		HttpResponse<Void> head = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/backups/" + id + "/archive"))
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Content-Type")).hasValue("application/x-tar");
		assertThat(head.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((value) -> assertThat(value).contains(id + ".tar"));
		HttpResponse<Void> missing = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/backups/"
						+ id.replace("head-archive", "head-absent") + "/archive"))
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(missing.statusCode()).isEqualTo(404);
		client.deleteBackup(id);
	}

	private int nodeRows(String first, String second) {
		return this.jdbc.queryForObject("select count(*) from run_node where run_id in (?, ?)", Integer.class, first,
				second);
	}

	private BackplaneClient client() {
		return BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
	}

	private static String readyBackup(BackplaneClient client, String label) {
		String id = client.createBackup(new CreateBackupRequest(label, List.of("alpha"))).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getBackup(id).status() != BackupStatus.STATUS_BACKING_UP);
		assertThat(client.getBackup(id).status()).isEqualTo(BackupStatus.STATUS_READY);
		return id;
	}

}
