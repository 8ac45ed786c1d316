package org.backplane.service.storage;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testservers.AzuriteServer;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.azure.storage.blob.BlobServiceClientBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backup, restore and delete through the whole service (API, runner, catalogue) to named S3 and Azure
 * locations on real S3Proxy and Azurite processes. Credentials come from the locations' credentials maps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.cloudy.type=synthetic", "backplane.components.cloudy.items=40",
				"backplane.components.cloudy.item-size=200000", "backplane.components.cloudy.restore-policy=overwrite",
				"backplane.runner.polling-interval=200ms", "server.address=127.0.0.1" })
class CloudStorageRoundTripIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	StorageLocations locations;

	@DynamicPropertySource
	static void locations(DynamicPropertyRegistry registry) {
		S3ProxyServer s3 = TestServers.s3proxy();
		s3.createBucket("roundtrip");
		AzuriteServer azurite = TestServers.azurite();
		new BlobServiceClientBuilder().connectionString(azurite.connectionString())
			.buildClient()
			.getBlobContainerClient("roundtrip")
			.createIfNotExists();
		registry.add("backplane.home", () -> ServiceHome.newDirectory("cloud").toString());
		registry.add("backplane.storage.locations.s3.uri",
				() -> "s3://roundtrip/backplane?endpoint=" + s3.endpoint() + "&checksums=when_required");
		registry.add("backplane.storage.locations.s3.credentials[AWS_ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.storage.locations.s3.credentials[AWS_SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.storage.locations.azure.uri", () -> "azure://" + AzuriteServer.ACCOUNT
				+ "/roundtrip/backplane?endpoint=" + azurite.blobEndpoint());
		registry.add("backplane.storage.locations.azure.credentials[AZURE_STORAGE_KEY]",
				() -> AzuriteServer.ACCOUNT_KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "s3", "azure" })
	void backupRestoreAndDeleteRoundTrip(String location) throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		SyntheticSource.GENERATIONS.put("cloudy", 3);
		BackupResponse created = client
			.createBackup(new CreateBackupRequest("to-" + location, List.of("cloudy"), location, null));
		BackupResponse ready = await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getBackup(created.id()), (b) -> b.status() != BackupStatus.STATUS_BACKING_UP);
		assertThat(ready.status()).as(ready.errorReason()).isEqualTo(BackupStatus.STATUS_READY);
		assertThat(ready.storageLocation()).startsWith(location);
		StorageProvider provider = this.locations.provider(location);
		try (Stream<StorageObject> objects = provider.list(StorageLayout.backupPrefix(created.id()))) {
			assertThat(objects.map(StorageObject::key)).contains(StorageLayout.manifestKey(created.id()),
					ready.components().get("cloudy").artifactKey());
		}
		assertThat(provider.describe()).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(AzuriteServer.ACCOUNT_KEY);

		SyntheticSource.TARGETS.remove("cloudy");
		SyntheticSource.GENERATIONS.put("cloudy", 4);
		RestoreResponse restore = client.createRestore(created.id(), new CreateRestoreRequest("overwrite"));
		RestoreResponse restored = await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getRestore(created.id(), restore.id()),
					(r) -> r.status() != RestoreStatus.STATUS_RESTORING);
		assertThat(restored.status()).as(restored.errorReason()).isEqualTo(RestoreStatus.STATUS_READY);
		assertThat(SyntheticSource.TARGETS).containsEntry("cloudy", 3);

		client.deleteBackup(created.id());
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			try (Stream<StorageObject> objects = provider.list(StorageLayout.backupPrefix(created.id()))) {
				assertThat(objects).isEmpty();
			}
		});
	}

}
