package org.backplane.service.api;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupPage;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.BackupStorage;
import org.backplane.client.model.ComponentInfo;
import org.backplane.client.model.ComponentStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.restore.RestoreService;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Role;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@ServiceIntegrationTest
class BackupApiIntegrationTests extends ServiceHomeProperties {

	@LocalServerPort
	int port;

	@Autowired
	RestoreService restores;

	BackplaneClient client;

	Http http;

	@BeforeEach
	void setUp() {
		this.client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		this.http = new Http(this.port);
	}

	@Test
	void createAnswers202WithLocationAndSavesTheBackupBackingUp() {
		HttpResponse<String> response = this.http.postJson("/api/v1/backups",
				"{\"label\": \"located\", \"components\": [\"alpha\"]}");
		assertThat(response.statusCode()).isEqualTo(202);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).matches("/api/v1/backups/located-[0-9a-f-]{36}");
		assertThat(response.body()).contains("\"status\":\"STATUS_BACKING_UP\"").contains("\"STATUS_UNKNOWN\"");
		String id = location.substring("/api/v1/backups/".length());
		awaitBackup(id, BackupStatus.STATUS_READY);
	}

	@Test
	void backupRecordsSizeSha256AndProgressOfEachArtifactAndStoresTheManifestLast() throws Exception {
		BackupResponse created = this.client
			.createBackup(new CreateBackupRequest("sha-check", List.of("alpha", "beta")));
		BackupResponse ready = awaitBackup(created.id(), BackupStatus.STATUS_READY);
		assertThat(ready.components()).containsOnlyKeys("alpha", "beta");
		Path storage = ServiceHome.get().resolve("storage");
		long total = 0;
		for (String name : List.of("alpha", "beta")) {
			var component = ready.components().get(name);
			assertThat(component.status()).isEqualTo(ComponentStatus.STATUS_READY);
			assertThat(component.artifactKey()).isEqualTo("backups/" + created.id() + "/" + name + ".bin");
			Path artifact = storage.resolve(component.artifactKey());
			byte[] bytes = Files.readAllBytes(artifact);
			assertThat(component.sizeBytes()).isEqualTo(bytes.length);
			assertThat(component.sha256())
				.isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
			assertThat(component.progress().itemsDone()).isEqualTo(component.progress().itemsTotal()).isPositive();
			assertThat(component.progress().bytesDone()).isEqualTo(component.progress().bytesTotal());
			total += bytes.length;
		}
		assertThat(ready.sizeBytes()).isEqualTo(total);
		assertThat(ready.progress().itemsDone()).isEqualTo(25);
		assertThat(ready.completedAt()).isAfterOrEqualTo(ready.createdAt());
		Path manifest = storage.resolve("backups/" + created.id() + "/backup.json");
		assertThat(manifest).exists();
		assertThat(Files.readString(manifest)).contains(ready.components().get("alpha").sha256())
			.contains("\"serviceVersion\"");
		assertThat(Files.getLastModifiedTime(manifest).toMillis()).isGreaterThanOrEqualTo(
				Files.getLastModifiedTime(storage.resolve(ready.components().get("beta").artifactKey())).toMillis());
	}

	@Test
	void restoreVerifiesAndRestoresEveryComponent() {
		SyntheticSource.GENERATIONS.put("gamma", 7);
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("restorable", List.of("gamma")));
		awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		SyntheticSource.GENERATIONS.put("gamma", 8);
		SyntheticSource.TARGETS.remove("gamma");
		HttpResponse<String> response = this.http.postJson("/api/v1/backups/" + backup.id() + "/restores", "{}");
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.headers().firstValue("Location").orElseThrow())
			.startsWith("/api/v1/backups/" + backup.id() + "/restores/restore:");
		RestoreResponse restore = awaitRestore(backup.id(), this.client.getBackup(backup.id()).restores().get(0).id(),
				RestoreStatus.STATUS_READY);
		assertThat(restore.components().get("gamma").status()).isEqualTo(ComponentStatus.STATUS_READY);
		assertThat(restore.components().get("gamma").progress().itemsDone()).isEqualTo(10);
		assertThat(SyntheticSource.TARGETS).containsEntry("gamma", 7);
		BackupResponse after = this.client.getBackup(backup.id());
		assertThat(after.status()).isEqualTo(BackupStatus.STATUS_READY);
		assertThat(after.restores()).singleElement().satisfies((r) -> {
			assertThat(r.status()).isEqualTo(RestoreStatus.STATUS_READY);
			assertThat(r.componentStatus()).containsEntry("gamma", ComponentStatus.STATUS_READY);
		});
	}

	@Test
	void corruptedArtifactFailsTheRestoreWithAClearReasonAndLeavesTheTargetUntouched() throws Exception {
		SyntheticSource.GENERATIONS.put("gamma", 21);
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("corrupt", List.of("gamma")));
		BackupResponse ready = awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		SyntheticSource.TARGETS.put("gamma", -1);
		Path artifact = ServiceHome.get().resolve("storage").resolve(ready.components().get("gamma").artifactKey());
		byte[] bytes = Files.readAllBytes(artifact);
		bytes[bytes.length / 2] ^= 0x01;
		artifact.toFile().setWritable(true);
		Files.write(artifact, bytes);
		RestoreResponse restore = this.client.createRestore(backup.id(), new CreateRestoreRequest("overwrite"));
		RestoreResponse failed = awaitRestore(backup.id(), restore.id(), RestoreStatus.STATUS_ERROR);
		assertThat(failed.errorReason()).contains("gamma").contains("corrupted").contains("SHA-256");
		assertThat(failed.components().get("gamma").status()).isEqualTo(ComponentStatus.STATUS_ERROR);
		assertThat(SyntheticSource.TARGETS).containsEntry("gamma", -1);
		assertThat(this.client.getBackup(backup.id()).status()).isEqualTo(BackupStatus.STATUS_READY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "backupId", "extraComponent", "formatVersion", "sizeBytes" })
	void alteredManifestFailsTheRestoreBeforeTouchingTheTarget(String alteration) throws Exception {
		SyntheticSource.GENERATIONS.put("gamma", 31);
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("manifest", List.of("gamma")));
		awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		SyntheticSource.TARGETS.put("gamma", -1);
		Path manifest = ServiceHome.get().resolve("storage").resolve("backups/" + backup.id() + "/backup.json");
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode tree = (ObjectNode) json.readTree(Files.readString(manifest));
		ArrayNode components = (ArrayNode) tree.get("components");
		ObjectNode first = (ObjectNode) components.get(0);
		switch (alteration) {
			case "backupId" -> tree.put("backupId", "other-" + backup.id().substring("manifest-".length()));
			case "extraComponent" -> components.add(first.deepCopy().put("name", "intruder"));
			case "formatVersion" -> tree.put("formatVersion", 99);
			case "sizeBytes" -> first.put("sizeBytes", first.get("sizeBytes").asLong() + 1);
			default -> throw new IllegalArgumentException(alteration);
		}
		manifest.toFile().setWritable(true);
		Files.writeString(manifest, json.writeValueAsString(tree));
		RestoreResponse restore = this.client.createRestore(backup.id(), new CreateRestoreRequest("overwrite"));
		RestoreResponse failed = awaitRestore(backup.id(), restore.id(), RestoreStatus.STATUS_ERROR);
		assertThat(failed.errorReason()).as(alteration).contains("manifest").contains("nothing was restored");
		assertThat(SyntheticSource.TARGETS).as("target untouched").containsEntry("gamma", -1);
		assertThat(this.client.getBackup(backup.id()).status()).isEqualTo(BackupStatus.STATUS_READY);
	}

	@Test
	void failingComponentFailsTheBackupNamingItAndLeavesNoArtifactBehind() throws Exception {
		BackupResponse backup = this.client
			.createBackup(new CreateBackupRequest("failing", List.of("alpha", "broken")));
		BackupResponse failed = awaitBackup(backup.id(), BackupStatus.STATUS_ERROR);
		assertThat(failed.errorReason()).contains("broken").contains("Synthetic failure after 3 records");
		assertThat(failed.components().get("alpha").status()).isEqualTo(ComponentStatus.STATUS_READY);
		assertThat(failed.components().get("broken").status()).isEqualTo(ComponentStatus.STATUS_ERROR);
		Path folder = ServiceHome.get().resolve("storage").resolve("backups").resolve(backup.id());
		if (Files.exists(folder)) {
			try (Stream<Path> files = Files.walk(folder)) {
				assertThat(files.filter(Files::isRegularFile)).isEmpty();
			}
		}
		assertThatExceptionOfType(BackplaneApiException.class)
			.isThrownBy(() -> this.client.createRestore(backup.id(), new CreateRestoreRequest(null)))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(409));
	}

	@Test
	void busyComponentIsRefusedWith409WhileOtherComponentsBackUpAtOnce() {
		CountDownLatch blocker = new CountDownLatch(1);
		SyntheticSource.BLOCKERS.put("slow", blocker);
		try {
			BackupResponse first = this.client.createBackup(new CreateBackupRequest("busy-first", List.of("slow")));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.client.getBackup(first.id())
					.components()
					.get("slow")
					.status() == ComponentStatus.STATUS_BACKING_UP);
			HttpResponse<String> second = this.http.postJson("/api/v1/backups",
					"{\"label\": \"busy-second\", \"components\": [\"slow\"]}");
			assertThat(second.statusCode()).isEqualTo(409);
			assertThat(second.headers().firstValue("Content-Type").orElseThrow())
				.startsWith("application/problem+json");
			assertThat(second.body()).contains("Component slow is busy with backup " + first.id())
				.contains("\"busyWith\":\"" + first.id() + "\"");
			assertThat(this.http.send("DELETE", "/api/v1/backups/" + first.id(), null, null).statusCode())
				.isEqualTo(409);
			BackupResponse other = this.client.createBackup(new CreateBackupRequest("busy-other", List.of("alpha")));
			awaitBackup(other.id(), BackupStatus.STATUS_READY);
			List<ComponentInfo> components = this.client.listComponents();
			assertThat(components).filteredOn((c) -> c.name().equals("slow"))
				.singleElement()
				.satisfies((c) -> assertThat(c.busyWith()).isEqualTo(first.id()));
			blocker.countDown();
			awaitBackup(first.id(), BackupStatus.STATUS_READY);
			assertThat(this.client.listComponents()).filteredOn((c) -> c.name().equals("slow"))
				.singleElement()
				.satisfies((c) -> assertThat(c.busyWith()).isNull());
		}
		finally {
			blocker.countDown();
			SyntheticSource.BLOCKERS.remove("slow");
		}
	}

	@Test
	void failIfExistsRefusesATargetHoldingDataAndOverwriteRestoresIt() {
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("policy", List.of("full")));
		awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		RestoreResponse refused = awaitRestore(backup.id(),
				this.client.createRestore(backup.id(), new CreateRestoreRequest(null)).id(),
				RestoreStatus.STATUS_ERROR);
		assertThat(refused.errorReason()).contains("holds data").contains("fail-if-exists");
		RestoreResponse overwritten = awaitRestore(backup.id(),
				this.client.createRestore(backup.id(), new CreateRestoreRequest("overwrite")).id(),
				RestoreStatus.STATUS_READY);
		assertThat(overwritten.policy()).isEqualTo("overwrite");
		assertThat(this.client.getBackup(backup.id()).restores()).hasSize(2);
	}

	@Test
	void deleteRemovesArtifactsThenTheRecord() {
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("deletable", List.of("alpha")));
		awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		Path folder = ServiceHome.get().resolve("storage").resolve("backups").resolve(backup.id());
		assertThat(folder.resolve("alpha.bin")).exists();
		assertThat(this.http.send("DELETE", "/api/v1/backups/" + backup.id(), null, null).statusCode()).isEqualTo(204);
		assertThat(folder.resolve("alpha.bin")).doesNotExist();
		assertThat(folder.resolve("backup.json")).doesNotExist();
		assertThat(this.http.get("/api/v1/backups/" + backup.id()).statusCode()).isEqualTo(404);
		assertThat(this.http.send("DELETE", "/api/v1/backups/" + backup.id(), null, null).statusCode()).isEqualTo(404);
	}

	@Test
	void listsNewestFirstWithKeysetPaginationAndFilters() {
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			BackupResponse backup = this.client.createBackup(new CreateBackupRequest("pager-" + i, List.of("alpha")));
			awaitBackup(backup.id(), BackupStatus.STATUS_READY);
			ids.add(0, backup.id());
		}
		List<String> seen = new java.util.ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			BackupPage page = this.client.listBackups("pager-", null, 2, cursor);
			assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
			page.items().forEach((b) -> seen.add(b.id()));
			cursor = page.nextCursor();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).containsExactlyElementsOf(ids);
		assertThat(pages).isEqualTo(3);
		assertThat(this.client.listBackups("pager-3", "STATUS_READY", 10, null).items()).singleElement()
			.satisfies((b) -> assertThat(b.label()).isEqualTo("pager-3"));
		assertThat(this.client.listBackups("pager-", "STATUS_ERROR", 10, null).items()).isEmpty();
		assertThat(this.client.listBackups("pager_", null, 10, null).items()).as("'_' is not a wildcard").isEmpty();
		assertThat(this.client.listBackups(null, null, 500, null).items()).extracting(BackupResponse::id)
			.containsAll(ids);
		assertThat(this.http.get("/api/v1/backups").statusCode()).isEqualTo(200);
	}

	@Test
	void listsComponentsAndStorageLocations() {
		assertThat(this.client.listComponents()).extracting(ComponentInfo::name)
			.containsExactly("alpha", "beta", "gamma", "broken", "slow", "full", "guarded");
		HttpResponse<String> locations = this.http.get("/api/v1/storage-locations");
		assertThat(locations.statusCode()).isEqualTo(200);
		assertThat(locations.body()).contains("\"name\":\"default\"")
			.contains("\"reachable\":true")
			.contains("\"defaultLocation\":true");
		HttpResponse<String> health = this.http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"storage\":{").contains("\"reachable\":true");
	}

	@Test // GH-20
	void theDiskSpaceCheckLooksAtTheHome() {
		HttpResponse<String> health = this.http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		String path = JsonMapper.builder()
			.build()
			.readTree(health.body())
			.path("components")
			.path("diskSpace")
			.path("details")
			.path("path")
			.asString();
		assertThat(path).isEqualTo(ServiceHome.get().toString());
	}

	@Test
	void restoreOfUnknownOrForeignComponentIsA400() {
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("foreign", List.of("alpha")));
		awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		HttpResponse<String> response = this.http.postJson("/api/v1/backups/" + backup.id() + "/restores",
				"{\"components\": [\"beta\"]}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("has no component 'beta'");
		response = this.http.postJson("/api/v1/backups/" + backup.id() + "/restores", "{\"policy\": \"merge\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("fail-if-exists, overwrite");
		response = this.http.postJson("/api/v1/backups/" + backup.id() + "/restores",
				"{\"components\": [\"alpha\"], \"targetPath\": \"/elsewhere\"}");
		assertThat(response.statusCode()).isEqualTo(202);
	}

	@Test
	void overwriteOfAGuardedComponentFirstTakesASafetyBackupThatRestoresThePreviousState() {
		SyntheticSource.GENERATIONS.put("guarded", 1);
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("guarded-v1", List.of("guarded")));
		awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		SyntheticSource.GENERATIONS.put("guarded", 2);
		RestoreResponse restore = awaitRestore(backup.id(),
				this.client.createRestore(backup.id(), new CreateRestoreRequest("overwrite")).id(),
				RestoreStatus.STATUS_READY);
		assertThat(SyntheticSource.TARGETS).containsEntry("guarded", 1);
		assertThat(restore.safetyBackupId()).startsWith("pre-restore-");
		BackupResponse safety = this.client.getBackup(restore.safetyBackupId());
		assertThat(safety.status()).isEqualTo(BackupStatus.STATUS_READY);
		assertThat(safety.components()).containsOnlyKeys("guarded");
		RestoreResponse undo = awaitRestore(safety.id(),
				this.client.createRestore(safety.id(), new CreateRestoreRequest("overwrite")).id(),
				RestoreStatus.STATUS_READY);
		assertThat(SyntheticSource.TARGETS).as("the safety backup holds the state before the restore")
			.containsEntry("guarded", 2);
		assertThat(undo.safetyBackupId()).isNotNull().isNotEqualTo(restore.safetyBackupId());
	}

	@Test
	void backupsAndRestoresRecordWhoStartedThemAndBackupsWhereTheirDataWent() throws Exception {
		BackupResponse created = this.client.createBackup(new CreateBackupRequest("who-made", List.of("alpha")));
		assertThat(created.createdBy()).as("no authentication: the anonymous admin").isEqualTo("anonymous");
		BackupResponse ready = awaitBackup(created.id(), BackupStatus.STATUS_READY);
		assertThat(ready.createdBy()).isEqualTo("anonymous");
		Path storage = ServiceHome.get().resolve("storage");
		// file:///…/storage, with a trailing slash if the folder existed when the service
		// started
		String uri = ready.storage().uri();
		assertThat(uri.replaceFirst("/$", "")).isEqualTo(storage.toUri().toString().replaceFirst("/$", ""));
		assertThat(ready.storage()).isEqualTo(new BackupStorage("default", uri, null, null));
		assertThat(ready.storageLocation()).isEqualTo("default (" + uri + ")");
		assertThat(Files.readString(storage.resolve("backups/" + created.id() + "/backup.json"))).contains(
				"\"storage\":{\"location\":\"default\",\"uri\":\"" + uri + "\",\"bucket\":null,\"endpoint\":null}");
		RestoreResponse restore = this.client.createRestore(created.id(), new CreateRestoreRequest("overwrite"));
		assertThat(restore.createdBy()).isEqualTo("anonymous");
		awaitRestore(created.id(), restore.id(), RestoreStatus.STATUS_READY);
		assertThat(this.client.getRestore(created.id(), restore.id()).createdBy()).isEqualTo("anonymous");
		assertThat(this.client.getBackup(created.id()).restores()).singleElement()
			.satisfies((summary) -> assertThat(summary.createdBy()).isEqualTo("anonymous"));
		assertThat(this.http.get("/api/v1/backups/" + created.id()).body()).contains("\"createdBy\":\"anonymous\"");
	}

	@Test
	void aSafetyBackupRecordsTheCallerOfTheRestoreThatTookIt() {
		SyntheticSource.GENERATIONS.put("guarded", 11);
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("guarded-v11", List.of("guarded")));
		awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		String restoreId = this.restores
			.create(new Caller("alice", Role.ADMIN), backup.id(), null, "overwrite", null, null)
			.getId();
		RestoreResponse restore = awaitRestore(backup.id(), restoreId, RestoreStatus.STATUS_READY);
		assertThat(restore.createdBy()).isEqualTo("alice");
		BackupResponse safety = this.client.getBackup(restore.safetyBackupId());
		assertThat(safety.createdBy()).isEqualTo("alice");
		assertThat(this.client.getBackup(backup.id()).createdBy()).isEqualTo("anonymous");
	}

	@Test
	void failedSafetyBackupFailsTheRestoreBeforeTouchingTheTarget() {
		SyntheticSource.GENERATIONS.put("guarded", 3);
		BackupResponse backup = this.client.createBackup(new CreateBackupRequest("guarded-v3", List.of("guarded")));
		awaitBackup(backup.id(), BackupStatus.STATUS_READY);
		SyntheticSource.TARGETS.put("guarded", 99);
		SyntheticSource.FAILING.add("guarded");
		try {
			RestoreResponse restore = awaitRestore(backup.id(),
					this.client.createRestore(backup.id(), new CreateRestoreRequest("overwrite")).id(),
					RestoreStatus.STATUS_ERROR);
			assertThat(restore.errorReason()).contains("safety backup")
				.contains("cannot be read")
				.contains("nothing was restored");
			assertThat(SyntheticSource.TARGETS).containsEntry("guarded", 99);
			assertThat(this.client.getBackup(backup.id()).status()).isEqualTo(BackupStatus.STATUS_READY);
			assertThat(this.client.listComponents()).filteredOn((c) -> c.name().equals("guarded"))
				.allSatisfy((c) -> assertThat(c.busyWith()).isNull());
		}
		finally {
			SyntheticSource.FAILING.remove("guarded");
		}
	}

	BackupResponse awaitBackup(String id, BackupStatus status) {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			BackupStatus now = this.client.getBackup(id).status();
			if (now != status && (now == BackupStatus.STATUS_ERROR || now == BackupStatus.STATUS_READY)) {
				throw new AssertionError(
						"Backup " + id + " ended " + now + ": " + this.client.getBackup(id).errorReason());
			}
			return now == status;
		});
		return this.client.getBackup(id);
	}

	RestoreResponse awaitRestore(String backupId, String restoreId, RestoreStatus status) {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			RestoreResponse now = this.client.getRestore(backupId, restoreId);
			if (now.status() != status && now.status() != RestoreStatus.STATUS_RESTORING) {
				throw new AssertionError("Restore " + restoreId + " ended " + now.status() + ": " + now.errorReason());
			}
			return now.status() == status;
		});
		return this.client.getRestore(backupId, restoreId);
	}

}
