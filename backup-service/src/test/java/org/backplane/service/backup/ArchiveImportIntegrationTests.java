package org.backplane.service.backup;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * An upload of a backup archive interrupted half-way (the service killed: artifacts
 * without a manifest under {@code backups/<id>/}) no longer blocks the id: the next
 * upload replaces what it left, unless an upload of the same id is running (a PostgreSQL
 * advisory lock, held here by the test as a running upload would hold it).
 */
@ServiceIntegrationTest
class ArchiveImportIntegrationTests extends ServiceHomeProperties {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anUploadReplacesWhatAnInterruptedUploadOfTheSameIdLeft() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		String id = client.createBackup(new CreateBackupRequest("reimport", List.of("alpha"))).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getBackup(id).status() != BackupStatus.STATUS_BACKING_UP);
		BackupResponse original = client.getBackup(id);
		Path archive = ServiceHome.newDirectory("reimport").resolve(id + ".tar");
		try (OutputStream out = Files.newOutputStream(archive)) {
			client.downloadArchive(id, out, null);
		}
		client.deleteBackup(id);
		// what an upload killed after its first bytes leaves: part of the artifact, no
		// manifest
		String artifactKey = original.components().get("alpha").artifactKey();
		Path artifact = ServiceHome.get().resolve("storage").resolve(artifactKey);
		Files.createDirectories(artifact.getParent());
		Files.write(artifact, new byte[100]);

		// while an upload of the id runs, another is refused and changes nothing
		this.jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			try (PreparedStatement lock = connection
				.prepareStatement("select pg_advisory_lock(hashtextextended('backplane-import:' || ?, 0))")) {
				lock.setString(1, id);
				lock.execute();
			}
			try {
				assertThatExceptionOfType(BackplaneApiException.class)
					.isThrownBy(() -> client.uploadArchive(archive, null, null))
					.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(409))
					.withMessageContaining("being uploaded");
				assertThat(artifact).hasSize(100);
			}
			finally {
				try (PreparedStatement unlock = connection
					.prepareStatement("select pg_advisory_unlock(hashtextextended('backplane-import:' || ?, 0))")) {
					unlock.setString(1, id);
					unlock.execute();
				}
			}
			return null;
		});

		BackupResponse uploaded = client.uploadArchive(archive, null, null);

		assertThat(uploaded.status()).isEqualTo(BackupStatus.STATUS_READY);
		assertThat(Files.size(artifact)).isEqualTo(original.components().get("alpha").sizeBytes());
		assertThat(client.getBackup(id).components().get("alpha").sha256())
			.isEqualTo(original.components().get("alpha").sha256());
		client.deleteBackup(id);
	}

}
