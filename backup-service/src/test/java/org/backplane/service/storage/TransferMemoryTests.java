package org.backplane.service.storage;

import java.nio.file.Path;

import org.backplane.service.config.BackplaneProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap the runner's jobs may need at once: the configured location whose provider
 * holds the most per transfer, times the runner threads, plus the service's own share;
 * checked and logged at start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class TransferMemoryTests {

	private static final long MB = 1024 * 1024;

	@TempDir
	Path home;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withUserConfiguration(Locations.class)
			.withPropertyValues("backplane.home=" + this.home);
	}

	@Test
	void theLocationHoldingTheMostPerTransferSetsTheSum() {
		runner().withPropertyValues("backplane.storage.locations.offsite.uri=s3://bucket/p?endpoint=http://127.0.0.1:9",
				"backplane.storage.locations.blob.uri=azure://account/container?endpoint=http://127.0.0.1:9&account_key=a2V5")
			.run((context) -> {
				TransferMemory memory = context.getBean(StorageLocations.class).transferMemory(4, 256 * MB);
				// S3 defaults: (4 + 1) parts of 16 MB per put, (4 + 1) ranges of 16 MB
				// per download
				assertThat(memory.perJob()).isEqualTo(80 * MB);
				assertThat(memory.location()).isEqualTo("offsite");
				assertThat(memory.scheme()).isEqualTo("s3");
				assertThat(memory.held()).isEqualTo(4 * 80 * MB + TransferMemory.SERVICE_BYTES);
				assertThat(memory.needed()).isEqualTo(576 * MB);
				assertThat(memory.tooSmall()).isTrue();
				// two thirds of 256 MB, less the service's 64 MB, hold one job's 80 MB
				assertThat(memory.threadsThatFit()).isEqualTo(1);
				assertThat(memory.describe()).contains("256 MB", "4 runner threads × 80 MB", "location 'offsite', s3",
						"= 384 MB, × 1.5 for the collector = 576 MB", "backplane.runner.threads to 1",
						// what happens then: 256 × 2/3 − 64 MB of buffers shared, not an
						// OutOfMemoryError
						"they share 107 MB of buffers and move fewer parts at once");
				StorageLocations locations = context.getBean(StorageLocations.class);
				assertThat(locations.transferMemory(4, 575 * MB).tooSmall()).isTrue();
				assertThat(locations.transferMemory(4, 576 * MB).tooSmall()).isFalse();
				assertThat(locations.transferMemory(4, 400 * MB).threadsThatFit()).isEqualTo(2);
			});
	}

	@Test
	void providerTuningChangesTheSum() {
		runner()
			.withPropertyValues(
					"backplane.storage.location=azure://account/container?endpoint=http://127.0.0.1:9&account_key=a2V5",
					"backplane.storage.azure.block-size=16MB", "backplane.storage.azure.max-blocks-in-flight=2")
			.run((context) -> {
				TransferMemory memory = context.getBean(StorageLocations.class).transferMemory(1, 512 * MB);
				assertThat(memory.perJob()).isEqualTo(3 * 16 * MB);
				assertThat(memory.location()).isEqualTo("default");
				assertThat(memory.tooSmall()).isFalse();
				assertThat(memory.describe()).startsWith("Heap for jobs: 1 runner thread × 48 MB")
					.contains("= 112 MB, × 1.5 for the collector = 168 MB")
					// the shared budget: 512 × 2/3 − 64 MB
					.endsWith("within the heap limit of 512 MB (transfers may hold up to 278 MB of buffers at once)");
			});
	}

	@Test
	void fileLocationsNeedOnlyTheServiceShare() {
		runner().run((context) -> {
			TransferMemory memory = context.getBean(StorageLocations.class).transferMemory(64, 100 * MB);
			assertThat(memory.perJob()).isZero();
			assertThat(memory.needed()).isEqualTo(96 * MB);
			assertThat(memory.tooSmall()).isFalse();
		});
	}

	@Test
	void aHeapBelowOneJobStillSuggestsOneThread() {
		TransferMemory memory = new TransferMemory(80 * MB, "default", "s3", 4, 150 * MB);
		assertThat(memory.tooSmall()).isTrue();
		assertThat(memory.threadsThatFit()).isEqualTo(1);
		assertThat(memory.describe()).contains("(even one job at a time needs 216 MB)")
			.doesNotContain("backplane.runner.threads to");
		TransferMemory fileOnly = new TransferMemory(0, "default", "file", 4, 50 * MB);
		assertThat(fileOnly.tooSmall()).isTrue();
		assertThat(fileOnly.threadsThatFit()).isEqualTo(1);
		assertThat(fileOnly.describe()).contains("(even one job at a time needs 96 MB)");
	}

	@Test
	void startUpWarnsWhenTheHeapIsBelowTheSum(CapturedOutput output) {
		// 64 threads × (4 + 1) parts of 1 GB: more than any test JVM's heap
		runner()
			.withPropertyValues("backplane.storage.location=s3://bucket/p?endpoint=http://127.0.0.1:9",
					"backplane.storage.s3.part-size=1GB", "backplane.runner.threads=64")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("WARN")
			.contains("is below what 64 jobs at once may need: 64 runner threads × 5120 MB")
			.contains("(even one job at a time needs 7776 MB) or lower the location's part or block size");
	}

	@Test
	void startUpLogsTheSumWhenItFits(CapturedOutput output) {
		runner().run((context) -> assertThat(context).hasNotFailed());
		assertThat(output)
			.contains("Heap for jobs: 4 runner threads × 0 MB of transfer buffers (location 'default', file)")
			.doesNotContain("is below what");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BackplaneProperties.class)
	@Import({ StorageConfiguration.class, StorageLocations.class, Adapters.class })
	static class Locations {

	}

	/**
	 * The adapters' configurations are package-private: imported by name, as the
	 * service's scan finds them.
	 */
	static class Adapters implements ImportSelector {

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			return new String[] { "org.backplane.service.storage.file.FileStorageConfiguration",
					"org.backplane.service.storage.s3.S3StorageConfiguration",
					"org.backplane.service.storage.azure.AzureBlobStorageConfiguration" };
		}

	}

}
