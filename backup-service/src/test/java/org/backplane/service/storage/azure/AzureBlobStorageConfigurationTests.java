package org.backplane.service.storage.azure;

import org.backplane.service.storage.StorageProviderFactory;
import org.backplane.service.storage.TransferBudget;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure adapter registers its factory and checks its properties at start-up.
 */
class AzureBlobStorageConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AzureBlobStorageConfiguration.class)
		.withBean(TransferBudget.class, TransferBudget::unlimited);

	@Test
	void registersTheAzureFactoryWithDefaults() {
		this.runner.run((context) -> {
			assertThat(context.getBean(StorageProviderFactory.class).schemes()).containsExactly("azure");
			assertThat(context.getBean(AzureBlobStorageProperties.class))
				.isEqualTo(AzureBlobStorageProperties.defaults());
		});
	}

	@Test
	void rejectsTooManyBlocksInFlight() {
		this.runner.withPropertyValues("backplane.storage.azure.max-blocks-in-flight=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("max-blocks-in-flight"));
	}

}
