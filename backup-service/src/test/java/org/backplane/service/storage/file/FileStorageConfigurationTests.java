package org.backplane.service.storage.file;

import org.backplane.service.storage.StorageProviderFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file adapter registers its factory and binds its properties; a mode that would open
 * backups to other users stops start-up, naming the key.
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
				assertThat(context.getBean(FileStorageProperties.class).modes()).isEqualTo(FileModes.OWNER_ONLY);
			});
	}

	@Test
	void bindsAWiderMode() {
		new ApplicationContextRunner().withUserConfiguration(FileStorageConfiguration.class)
			.withPropertyValues("backplane.storage.file.mode=0640")
			.run((context) -> assertThat(context.getBean(FileStorageProperties.class).modes())
				.isEqualTo(FileModes.parse("0640")));
	}

	@Test
	void refusesAModeThatOpensBackupsToOtherUsers() {
		new ApplicationContextRunner().withUserConfiguration(FileStorageConfiguration.class)
			.withPropertyValues("backplane.storage.file.mode=0644")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("backplane.storage.file.mode must not give other users any access"));
	}

}
