package org.backplane.service.storage.file;

import org.backplane.service.storage.StorageProviderFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file adapter registers its factory and binds its properties.
 */
class FileStorageConfigurationTests {

	@Test
	void registersTheFileFactory() {
		new ApplicationContextRunner().withUserConfiguration(FileStorageConfiguration.class)
			.withPropertyValues("backplane.storage.file.fsync=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(StorageProviderFactory.class);
				assertThat(context.getBean(StorageProviderFactory.class).schemes()).containsExactly("file");
				assertThat(context.getBean(FileStorageProperties.class).fsync()).isFalse();
			});
	}

}
