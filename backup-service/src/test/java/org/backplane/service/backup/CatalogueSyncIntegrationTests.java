package org.backplane.service.backup;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.ComponentStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.StorageSyncResult;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.store.BackupStores;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue sync on the running service: a backup found on storage (a valid manifest
 * and its artifact) is imported READY with what its manifest says; a manifest that is not
 * valid is counted and left alone; a backup being written is not touched; READY backups
 * whose folder or artifact is gone are found while the catalogue is read a page at a
 * time.
 */
@ServiceIntegrationTest
class CatalogueSyncIntegrationTests extends ServiceHomeProperties {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void importsWhatStorageHoldsCountsWhatItCannotAndLeavesRunningBackupsAlone() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		String source = client.createBackup(new CreateBackupRequest("sync-source", List.of("alpha"))).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getBackup(source).status() != BackupStatus.STATUS_BACKING_UP);
		Path backups = ServiceHome.get().resolve("storage").resolve("backups");
		// a backup another service wrote into this location: same content, its own id
		String found = "sync-found-" + UUID.randomUUID();
		Path folder = Files.createDirectories(backups.resolve(found));
		ObjectNode manifest = (ObjectNode) JSON.readTree(backups.resolve(source).resolve("backup.json").toFile());
		manifest.put("backupId", found);
		manifest.put("label", "sync-found");
		ObjectNode component = (ObjectNode) manifest.get("components").get(0);
		String file = component.get("artifactKey").asString().substring(("backups/" + source + "/").length());
		Files.copy(backups.resolve(source).resolve(file), folder.resolve(file));
		component.put("artifactKey", "backups/" + found + "/" + file);
		Files.writeString(folder.resolve("backup.json"), JSON.writeValueAsString(manifest));
		// and one whose manifest is not one
		String garbage = "sync-garbage-" + UUID.randomUUID();
		Files.writeString(Files.createDirectories(backups.resolve(garbage)).resolve("backup.json"), "{\"not\": 1}");

		CountDownLatch blocker = new CountDownLatch(1);
		SyntheticSource.BLOCKERS.put("slow", blocker);
		try {
			String running = client.createBackup(new CreateBackupRequest("sync-running", List.of("slow"))).id();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> client.getBackup(running)
					.components()
					.get("slow")
					.status() == ComponentStatus.STATUS_BACKING_UP);
			StorageSyncResult synced = client.syncStorageLocation("default");
			assertThat(synced.imported()).isGreaterThanOrEqualTo(1);
			assertThat(synced.invalid()).isGreaterThanOrEqualTo(1);
			assertThat(client.getBackup(running).status()).as("a backup being written is not touched")
				.isEqualTo(BackupStatus.STATUS_BACKING_UP);
			BackupResponse imported = client.getBackup(found);
			BackupResponse original = client.getBackup(source);
			assertThat(imported.status()).isEqualTo(BackupStatus.STATUS_READY);
			assertThat(imported.label()).isEqualTo("sync-found");
			assertThat(imported.createdBy()).as("not recorded").isNull();
			assertThat(imported.createdAt()).isEqualTo(original.createdAt());
			assertThat(imported.completedAt()).isEqualTo(manifest.get("completedAt").asString().isEmpty() ? null
					: java.time.Instant.parse(manifest.get("completedAt").asString()));
			assertThat(imported.components().get("alpha").sha256())
				.isEqualTo(original.components().get("alpha").sha256());
			assertThat(imported.components().get("alpha").sizeBytes())
				.isEqualTo(original.components().get("alpha").sizeBytes());
			assertThat(imported.sizeBytes()).isEqualTo(original.sizeBytes());
			StorageSyncResult again = client.syncStorageLocation("default");
			assertThat(again.imported()).as("nothing new the second time").isZero();
		}
		finally {
			blocker.countDown();
			SyntheticSource.BLOCKERS.remove("slow");
		}
	}

	@Autowired
	BackupRepository repository;

	@Autowired
	StorageLocations locations;

	@Autowired
	BackupStores stores;

	@Autowired
	LastSuccess lastSuccess;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void comparesStorageAndCatalogueAPageAtATime() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			String id = client.createBackup(new CreateBackupRequest("sync-page", List.of("alpha"))).id();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> client.getBackup(id).status() != BackupStatus.STATUS_BACKING_UP);
			ids.add(id);
		}
		List<String> sorted = ids.stream().sorted().toList();
		Path backups = ServiceHome.get().resolve("storage").resolve("backups");
		// gone: the first and the last in id order (before and after every folder of
		// theirs), and two in the middle, one whole folder, one artifact only
		List<String> gone = List.of(sorted.get(0), sorted.get(3), sorted.get(4), sorted.get(6));
		for (String id : List.of(sorted.get(0), sorted.get(3), sorted.get(6))) {
			try (Stream<Path> files = Files.walk(backups.resolve(id))) {
				files.sorted(Comparator.reverseOrder()).forEach((f) -> f.toFile().delete());
			}
		}
		try (Stream<Path> files = Files.list(backups.resolve(sorted.get(4)))) {
			files.filter((f) -> !f.getFileName().toString().equals("backup.json")).forEach((f) -> f.toFile().delete());
		}
		// and one the catalogue does not know, between them in id order
		String found;
		do {
			found = "sync-page-" + UUID.randomUUID();
		}
		while (found.compareTo(sorted.get(1)) < 0 || found.compareTo(sorted.get(5)) > 0);
		Files.createDirectories(backups.resolve(found));
		ObjectNode manifest = (ObjectNode) JSON
			.readTree(backups.resolve(sorted.get(2)).resolve("backup.json").toFile());
		manifest.put("backupId", found);
		ObjectNode component = (ObjectNode) manifest.get("components").get(0);
		String file = component.get("artifactKey").asString().substring(("backups/" + sorted.get(2) + "/").length());
		Files.copy(backups.resolve(sorted.get(2)).resolve(file), backups.resolve(found).resolve(file));
		component.put("artifactKey", "backups/" + found + "/" + file);
		Files.writeString(backups.resolve(found).resolve("backup.json"), JSON.writeValueAsString(manifest));

		// pages of two READY ids: the catalogue side spans many pages
		CatalogueSync sync = new CatalogueSync(this.repository, this.locations, this.stores, this.lastSuccess,
				Clock.systemUTC(), this.transactions, this.jdbc, 2);
		CatalogueSync.Result result = sync.sync("default");

		assertThat(result.missing()).isGreaterThanOrEqualTo(gone.size());
		assertThat(result.imported()).isGreaterThanOrEqualTo(1);
		for (String id : ids) {
			BackupResponse backup = client.getBackup(id);
			if (gone.contains(id)) {
				assertThat(backup.status()).as(id).isEqualTo(BackupStatus.STATUS_ERROR);
				assertThat(backup.errorReason()).as(id).startsWith(CatalogueSync.MISSING);
			}
			else {
				assertThat(backup.status()).as(id).isEqualTo(BackupStatus.STATUS_READY);
			}
		}
		assertThat(client.getBackup(found).status()).as("imported").isEqualTo(BackupStatus.STATUS_READY);
		CatalogueSync.Result again = sync.sync("default");
		assertThat(again.missing()).as("nothing new the second time").isZero();
		assertThat(again.imported()).isZero();
	}

}
