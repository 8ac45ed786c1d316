package org.backplane.service.storage;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.storage.azure.AzureBlobStorageProperties;
import org.backplane.service.storage.azure.AzureBlobStorageProviderFactory;
import org.backplane.service.storage.file.FileStorageProviderFactory;
import org.backplane.service.storage.s3.S3StorageProperties;
import org.backplane.service.storage.s3.S3StorageProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Placement is allowed, never assumed: a per-request endpoint (or an Azure account, which
 * names one) must lead to the location's own endpoint or one of its
 * {@code allowed-endpoints}, a per-request bucket or container must be the location's own
 * or match {@code allowed-buckets} (any when none are listed); a refusal names the
 * parameter and the setting, never a secret; the destination a target resolves to is what
 * a backup shows. (That nothing reaches a refused endpoint is checked against real
 * servers in {@code PlacementIntegrationTests}.)
 */
class AllowedPlacementTests {

	private static final String AZURE_KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String SECRET = "s3cr3t-never-shown";

	@TempDir
	Path home;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withUserConfiguration(Properties.class)
			.withBean(FileStorageProviderFactory.class, () -> new FileStorageProviderFactory(false))
			.withBean(S3StorageProviderFactory.class,
					() -> new S3StorageProviderFactory(S3StorageProperties.defaults()))
			.withBean(AzureBlobStorageProviderFactory.class,
					() -> new AzureBlobStorageProviderFactory(AzureBlobStorageProperties.defaults()))
			.withBean(StorageLocations.class)
			.withPropertyValues("backplane.home=" + this.home);
	}

	private void withLocations(Consumer<StorageLocations> test) {
		runner().withPropertyValues(
				"backplane.storage.locations.s3.uri=s3://bucket/prefix?region=us-east-1&endpoint=http://127.0.0.1:9",
				"backplane.storage.locations.s3.allowed-endpoints[0]=http://LocalHost:9/",
				"backplane.storage.locations.s3.allowed-endpoints[1]=https://s3.example.com:443",
				"backplane.storage.locations.s3.allowed-buckets=team-*,exact",
				"backplane.storage.locations.aws.uri=s3://aws-bucket/p?region=eu-west-1",
				"backplane.storage.locations.az.uri=azure://account/container/prefix",
				"backplane.storage.locations.az.credentials[AZURE_STORAGE_KEY]=" + AZURE_KEY,
				"backplane.storage.locations.az.allowed-endpoints=https://other.blob.core.windows.net",
				"backplane.storage.locations.azurite.uri=azure://account/container?endpoint=http://127.0.0.1:10000/account",
				"backplane.storage.locations.azurite.credentials[AZURE_STORAGE_KEY]=" + AZURE_KEY)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				test.accept(context.getBean(StorageLocations.class));
			});
	}

	@Test
	void anEndpointNotAllowedIsRefusedNamingTheParameterAndTheSettingNeverASecret() {
		withLocations((locations) -> {
			assertThatExceptionOfType(PlacementNotAllowedException.class)
				.isThrownBy(() -> locations.newTarget("s3",
						Map.of("s3-endpoint-url", "http://127.0.0.1:10", "AWS_ACCESS_KEY_ID", "id",
								"AWS_SECRET_ACCESS_KEY", SECRET)))
				.withMessageContaining("s3-endpoint-url")
				.withMessageContaining("http://127.0.0.1:10")
				.withMessageContaining("backplane.storage.locations.s3.allowed-endpoints")
				.withMessageNotContaining(SECRET)
				.satisfies((ex) -> assertThat(ex.getProperties()).containsEntry("storageLocation", "s3")
					.containsEntry("parameters", List.of("s3-endpoint-url"))
					.containsEntry("setting", "backplane.storage.locations.s3.allowed-endpoints"));
			assertThatExceptionOfType(PlacementNotAllowedException.class)
				.isThrownBy(() -> locations.newTarget("aws", Map.of("S3_ENDPOINT_URL", "http://127.0.0.1:9")))
				.withMessageContaining("S3_ENDPOINT_URL")
				.withMessageContaining("https://s3.eu-west-1.amazonaws.com");
		});
	}

	@Test
	void theOwnEndpointAndAllowedOnesAreAcceptedHoweverSpeltAndShownNormalised() {
		withLocations((locations) -> {
			StorageTarget own = locations.newTarget("s3", Map.of("S3_ENDPOINT_URL", "http://127.0.0.1:9/"));
			assertThat(locations.destination(own)).isEqualTo(new StorageDestination("bucket", "http://127.0.0.1:9"));
			StorageTarget allowed = locations.newTarget("s3", Map.of("S3_ENDPOINT_URL", "http://localhost:9"));
			assertThat(locations.destination(allowed))
				.isEqualTo(new StorageDestination("bucket", "http://localhost:9"));
			StorageTarget https = locations.newTarget("s3", Map.of("S3_ENDPOINT_URL", "https://S3.example.com/"));
			assertThat(locations.destination(https))
				.isEqualTo(new StorageDestination("bucket", "https://s3.example.com"));
			assertThat(locations.destination(locations.newTarget("s3", null)))
				.isEqualTo(new StorageDestination("bucket", "http://127.0.0.1:9"));
		});
	}

	@Test
	void bucketsMustBeTheLocationsOwnOrMatchAllowedBuckets() {
		withLocations((locations) -> {
			assertThat(locations.destination(locations.newTarget("s3", Map.of("S3_BUCKET_NAME", "team-a"))).bucket())
				.isEqualTo("team-a");
			assertThat(locations.newTarget("s3", Map.of("S3_BUCKET_NAME", "exact")).placement())
				.containsEntry("S3_BUCKET_NAME", "exact");
			assertThat(locations.newTarget("s3", Map.of("S3_BUCKET_NAME", "bucket")).placement())
				.containsEntry("S3_BUCKET_NAME", "bucket");
			for (String refused : List.of("other", "exactly", "team")) {
				assertThatExceptionOfType(PlacementNotAllowedException.class).as(refused)
					.isThrownBy(() -> locations.newTarget("s3", Map.of("s3BucketName", refused)))
					.withMessageContaining("s3BucketName")
					.withMessageContaining("backplane.storage.locations.s3.allowed-buckets")
					.withMessageContaining("[team-*, exact]");
			}
		});
	}

	@Test
	void withoutAllowedBucketsAnyBucketIsAcceptedAndAmazonS3ShowsItsRegionalEndpoint() {
		withLocations((locations) -> {
			assertThat(locations.destination(locations.newTarget("aws", null)))
				.isEqualTo(new StorageDestination("aws-bucket", "https://s3.eu-west-1.amazonaws.com"));
			StorageTarget moved = locations.newTarget("aws",
					Map.of("S3_BUCKET_NAME", "anywhere", "AWS_REGION", "us-west-2"));
			assertThat(locations.destination(moved))
				.isEqualTo(new StorageDestination("anywhere", "https://s3.us-west-2.amazonaws.com"));
		});
	}

	@Test
	void anAzureAccountNamesAnEndpointUnlessTheLocationGivesOne() {
		withLocations((locations) -> {
			assertThat(locations.destination(locations.newTarget("az", null)))
				.isEqualTo(new StorageDestination("container", "https://account.blob.core.windows.net"));
			assertThatExceptionOfType(PlacementNotAllowedException.class)
				.isThrownBy(() -> locations.newTarget("az", Map.of("AZURE_STORAGE_ACCOUNT", "elsewhere")))
				.withMessageContaining("AZURE_STORAGE_ACCOUNT")
				.withMessageContaining("https://elsewhere.blob.core.windows.net")
				.withMessageContaining("backplane.storage.locations.az.allowed-endpoints");
			assertThatExceptionOfType(PlacementNotAllowedException.class)
				.isThrownBy(() -> locations.newTarget("az", Map.of("AZURE_STORAGE_ENDPOINT", "http://127.0.0.1:1")))
				.withMessageContaining("AZURE_STORAGE_ENDPOINT");
			StorageTarget other = locations.newTarget("az",
					Map.of("AZURE_STORAGE_ACCOUNT", "other", "CONTAINER_NAME", "box"));
			assertThat(locations.destination(other))
				.isEqualTo(new StorageDestination("box", "https://other.blob.core.windows.net"));
			StorageTarget sameEndpoint = locations.newTarget("azurite", Map.of("AZURE_STORAGE_ACCOUNT", "another"));
			assertThat(locations.destination(sameEndpoint))
				.isEqualTo(new StorageDestination("container", "http://127.0.0.1:10000/account"));
		});
	}

	@Test
	void theDefaultLocationTakesItsSettingsBesideItsUri() {
		runner()
			.withPropertyValues("backplane.storage.location=s3://home-bucket/p?endpoint=http://127.0.0.1:9",
					"backplane.storage.allowed-endpoints=http://127.0.0.1:19", "backplane.storage.allowed-buckets=b-*")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StorageLocations locations = context.getBean(StorageLocations.class);
				assertThat(locations.destination(locations.newTarget(null,
						Map.of("S3_ENDPOINT_URL", "http://127.0.0.1:19", "S3_BUCKET_NAME", "b-1"))))
					.isEqualTo(new StorageDestination("b-1", "http://127.0.0.1:19"));
				assertThatExceptionOfType(PlacementNotAllowedException.class)
					.isThrownBy(() -> locations.newTarget(null, Map.of("S3_ENDPOINT_URL", "http://127.0.0.1:20")))
					.withMessageContaining("backplane.storage.allowed-endpoints");
				assertThatExceptionOfType(PlacementNotAllowedException.class)
					.isThrownBy(() -> locations.newTarget(null, Map.of("S3_BUCKET_NAME", "c-1")))
					.withMessageContaining("backplane.storage.allowed-buckets");
			});
		runner()
			.withPropertyValues(
					"backplane.storage.locations.default.uri=s3://home-bucket/p?endpoint=http://127.0.0.1:9",
					"backplane.storage.locations.default.allowed-endpoints=http://127.0.0.1:19")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StorageLocations locations = context.getBean(StorageLocations.class);
				assertThat(locations.newTarget(null, Map.of("S3_ENDPOINT_URL", "http://127.0.0.1:19")).placement())
					.containsKey("S3_ENDPOINT_URL");
			});
	}

	@Test
	void settingsThatCannotApplyOrAreMalformedFailStartUpNamingTheKey() {
		Map<String, List<String>> cases = Map.of(
				"backplane.storage.locations.default.uri=s3://bb/p;backplane.storage.allowed-buckets=x",
				List.of("backplane.storage.locations.default", "backplane.storage.allowed-buckets"),
				"backplane.storage.locations.default.uri=s3://bb/p;backplane.storage.location=s3://cc/p",
				List.of("backplane.storage.location"),
				"backplane.storage.locations.archive.uri=file:///srv/archive;"
						+ "backplane.storage.locations.archive.allowed-endpoints=http://127.0.0.1:9",
				List.of("backplane.storage.locations.archive.allowed-endpoints", "takes no per-request parameters"),
				"backplane.storage.allowed-buckets=x",
				List.of("backplane.storage.allowed-buckets", "takes no per-request parameters"),
				"backplane.storage.locations.s3.uri=s3://bb/p;backplane.storage.locations.s3.allowed-endpoints=ftp://x",
				List.of("backplane.storage.locations.s3.allowed-endpoints[0]"),
				"backplane.storage.locations.s3.uri=s3://bb/p;backplane.storage.locations.s3.allowed-buckets=a/b",
				List.of("backplane.storage.locations.s3.allowed-buckets[0]"));
		cases.forEach((properties, expected) -> runner().withPropertyValues(properties.split(";")).run((context) -> {
			assertThat(context).as(properties).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
				messages.append(t.getMessage()).append('\n');
			}
			assertThat(messages.toString()).as(properties).contains(expected);
		}));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BackplaneProperties.class)
	static class Properties {

	}

}
