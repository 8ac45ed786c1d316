package org.backplane.service.storage;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.storage.azure.AzureBlobStorageProperties;
import org.backplane.service.storage.azure.AzureBlobStorageProviderFactory;
import org.backplane.service.storage.file.FileStorageProviderFactory;
import org.backplane.service.storage.s3.S3StorageProperties;
import org.backplane.service.storage.s3.S3StorageProviderFactory;
import org.backplane.service.support.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A storage target owns a request's per-request parameters: which names a location takes
 * (each adapter declares them), which of them are recorded with a backup (where it
 * lives), and how a recorded placement is laid over a later request's.
 */
class StorageTargetTests {

	private static final String AZURE_KEY = Base64.getEncoder().encodeToString(new byte[32]);

	@TempDir
	Path home;

	private void withLocations(Consumer<StorageLocations> test) {
		new ApplicationContextRunner().withUserConfiguration(Properties.class)
			.withBean(FileStorageProviderFactory.class, () -> new FileStorageProviderFactory(false))
			.withBean(S3StorageProviderFactory.class,
					() -> new S3StorageProviderFactory(S3StorageProperties.defaults()))
			.withBean(AzureBlobStorageProviderFactory.class,
					() -> new AzureBlobStorageProviderFactory(AzureBlobStorageProperties.defaults()))
			.withBean(StorageLocations.class)
			.withPropertyValues("backplane.home=" + this.home,
					"backplane.storage.locations.s3.uri=s3://bucket/prefix?region=us-east-1&endpoint=http://127.0.0.1:9",
					"backplane.storage.locations.az.uri=azure://account/container/prefix?endpoint=http://127.0.0.1:9",
					"backplane.storage.locations.az.credentials[AZURE_STORAGE_KEY]=" + AZURE_KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				test.accept(context.getBean(StorageLocations.class));
			});
	}

	@Test
	void placementKeepsOnlyWhereParametersUnderAnySpelling() {
		withLocations((locations) -> {
			StorageTarget s3 = locations.newTarget("s3", Map.of("S3_BUCKET_NAME", "bucket-b", "aws-region", "eu-west-1",
					"AWS_SECRET_ACCESS_KEY", "s3cr3t", "AWS_ACCESS_KEY_ID", "id"));
			assertThat(s3.placement()).containsOnlyKeys("S3_BUCKET_NAME", "aws-region");
			assertThat(s3.parameters()).hasSize(4);
			StorageTarget azure = locations.newTarget("az",
					Map.of("containerName", "container-c", "AZURE_STORAGE_KEY", AZURE_KEY));
			assertThat(azure.placement()).containsOnlyKeys("containerName");
			assertThat(locations.newTarget("s3", null).placement()).isEmpty();
		});
	}

	@Test
	void recordedPlacementIsLaidOverTheRequest() {
		withLocations((locations) -> {
			StorageTarget merged = locations.existingTarget("s3", Map.of("S3_BUCKET_NAME", "b"),
					Map.of("s3-bucket-name", "b", "AWS_ACCESS_KEY_ID", "id"));
			assertThat(merged.parameters())
				.containsExactlyInAnyOrderEntriesOf(Map.of("S3_BUCKET_NAME", "b", "AWS_ACCESS_KEY_ID", "id"));
			assertThat(locations.existingTarget("s3", Map.of("S3_BUCKET_NAME", "b"), null).parameters())
				.isEqualTo(Map.of("S3_BUCKET_NAME", "b"));
		});
	}

	@Test
	void aRequestNamingAnotherPlaceIsRefusedNamingBoth() {
		withLocations((locations) -> {
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> locations.existingTarget("s3", Map.of("S3_BUCKET_NAME", "b"),
						Map.of("S3_BUCKET_NAME", "other")))
				.withMessageContaining("S3_BUCKET_NAME")
				.withMessageContaining("'b'")
				.withMessageContaining("'other'");
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> locations.existingTarget("az", Map.of(), Map.of("CONTAINER_NAME", "other")))
				.withMessageContaining("written with none");
		});
	}

	@Test
	void namesTheLocationDoesNotTakeAreRefusedByNameNeverByValue() {
		withLocations((locations) -> {
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> locations.newTarget("s3", Map.of("AWS_SECRET_KEYZ", "s3cr3t-value")))
				.withMessageContaining("AWS_SECRET_KEYZ")
				.withMessageContaining("AWS_SECRET_ACCESS_KEY")
				.withMessageNotContaining("s3cr3t-value");
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> locations.newTarget("s3", Map.of("CONTAINER_NAME", "c")))
				.withMessageContaining("CONTAINER_NAME");
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> locations.newTarget(null, Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t-value")))
				.withMessageContaining("takes no per-request parameters")
				.withMessageNotContaining("s3cr3t-value");
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> locations.newTarget("s3", Map.of("AWS_REGION", " ")))
				.withMessageContaining("non-empty value");
		});
	}

	@Test
	void everyAdapterRecordsOnlyParametersItTakes() {
		for (StorageProviderFactory factory : new StorageProviderFactory[] {
				new S3StorageProviderFactory(S3StorageProperties.defaults()),
				new AzureBlobStorageProviderFactory(AzureBlobStorageProperties.defaults()),
				new FileStorageProviderFactory(false) }) {
			assertThat(factory.requestParameters()).as(factory.schemes().toString())
				.containsAll(factory.placementParameters());
			assertThat(factory.placementParameters()).as(factory.schemes().toString())
				.containsAll(factory.endpointParameters())
				.containsAll(factory.bucketParameters());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BackplaneProperties.class)
	static class Properties {

	}

}
