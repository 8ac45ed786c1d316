package org.backplane.service.storage.s3;

import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.storage.StorageProviderFactory;
import org.backplane.service.storage.TransferBudget;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 adapter registers its factory and checks its properties at start-up.
 */
class S3StorageConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(S3StorageConfiguration.class)
		.withBean(TransferBudget.class, TransferBudget::unlimited);

	@Test
	void registersTheS3FactoryWithDefaults() {
		this.runner.run((context) -> {
			assertThat(context.getBean(StorageProviderFactory.class).schemes()).containsExactly("s3");
			assertThat(context.getBean(S3StorageProperties.class)).isEqualTo(S3StorageProperties.defaults());
		});
	}

	@Test
	void bindsTuning() {
		this.runner
			.withPropertyValues("backplane.storage.s3.part-size=32MB", "backplane.storage.s3.max-attempts=2",
					"backplane.storage.s3.download-range-size=4MB", "backplane.storage.s3.download-ranges-in-flight=0")
			.run((context) -> {
				S3StorageProperties properties = context.getBean(S3StorageProperties.class);
				assertThat(properties.partSize()).isEqualTo(DataSize.ofMegabytes(32));
				assertThat(properties.maxAttempts()).isEqualTo(2);
				assertThat(properties.downloadRangeSize()).isEqualTo(DataSize.ofMegabytes(4));
				assertThat(properties.downloadRangesInFlight()).isZero();
			});
	}

	@Test
	void tuningKeysAreAcceptedNextToTheStrictServiceProperties() {
		this.runner.withUserConfiguration(ServiceProperties.class)
			.withPropertyValues("backplane.storage.s3.max-attempts=2", "backplane.storage.azure.max-tries=3",
					"backplane.storage.file.fsync=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(S3StorageProperties.class).maxAttempts()).isEqualTo(2);
			});
		this.runner.withUserConfiguration(ServiceProperties.class)
			.withPropertyValues("backplane.storage.s3x.max-attempts=2")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void rejectsATinyDownloadRange() {
		this.runner.withPropertyValues("backplane.storage.s3.download-range-size=64KB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("backplane.storage.s3.download-range-size"));
	}

	@Test
	void rejectsAPartSizeBelowTheS3Minimum() {
		this.runner.withPropertyValues("backplane.storage.s3.part-size=1MB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("backplane.storage.s3.part-size"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BackplaneProperties.class)
	static class ServiceProperties {

	}

}
