package org.backplane.service.backup;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.service.testsupport.RecordedStatements;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The verification schedule against the real catalogue and storage: with subset
 * {@code 1/3}, three runs (the round counter kept in the database) fully read each READY
 * backup exactly once, and record a PASSED full verification on it; the READY ids are
 * read a keyset page at a time.
 */
@ServiceIntegrationTest
class VerificationScheduleIntegrationTests extends ServiceHomeProperties {

	@LocalServerPort
	int port;

	@Autowired
	BackupVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void threeRunsOfOneThirdReadEveryReadyBackupExactlyOnce() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		List<String> ids = IntStream.range(0, 6)
			.mapToObj((i) -> client.createBackup(new CreateBackupRequest("rotation", List.of("beta"))).id())
			.peek((id) -> await().atMost(Duration.ofSeconds(60))
				.until(() -> client.getBackup(id).status() != BackupStatus.STATUS_BACKING_UP))
			.toList();
		// pages of two ids: the six backups (and the other tests' READY ones) span pages
		VerificationScheduleJob schedule = new VerificationScheduleJob(this.verifier, this.jdbc, "0 0 4 * * *", 1, 3,
				2);
		Map<String, Integer> reads = new HashMap<>();
		for (int run = 0; run < 3; run++) {
			RecordedStatements.Recording recording = RecordedStatements.start();
			schedule.runTick(Instant.now());
			List<String> pages = recording.stopAndFindThreadOf("id>?")
				.stream()
				.filter((sql) -> sql.contains("status") && sql.contains("id>?"))
				.toList();
			assertThat(pages).as("the READY ids are read in keyset pages, never all at once")
				.hasSizeGreaterThanOrEqualTo(4)
				.allSatisfy((sql) -> assertThat(sql).containsAnyOf("fetch first", "limit"));
			for (String id : ids) {
				Timestamp at = this.jdbc.queryForObject("select verified_at from backup where id = ?", Timestamp.class,
						id);
				if (at != null) {
					reads.merge(id, 1, Integer::sum);
					// so that a second read in a later run shows
					this.jdbc.update("update backup set verified_at = null where id = ?", id);
				}
			}
		}
		assertThat(reads).as("each backup read once in three runs").containsOnlyKeys(ids);
		assertThat(reads.values()).containsOnly(1);
		for (String id : ids) {
			BackupResponse backup = client.getBackup(id);
			assertThat(backup.verification().status()).isEqualTo("PASSED");
			assertThat(backup.verification().depth()).isEqualTo("full");
			assertThat(backup.verifyFailed()).isFalse();
		}
	}

}
