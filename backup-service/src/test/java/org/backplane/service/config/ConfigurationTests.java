package org.backplane.service.config;

import java.nio.file.Path;

import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.source.directory.DirectorySourceComponentFactory;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.file.FileStorageProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration is bound from {@code backplane.*}; unknown keys and bad values fail
 * start-up with a message that names the key. Runs the binding and the two registries
 * alone, without a database.
 */
class ConfigurationTests {

	@TempDir
	Path home;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(Properties.class)
			.withBean(DirectorySourceComponentFactory.class)
			.withBean(FileStorageProviderFactory.class, () -> new FileStorageProviderFactory(false))
			.withBean(SourceComponentRegistry.class)
			.withBean(StorageLocations.class)
			.withPropertyValues("backplane.home=" + this.home);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "backplane.stroage.location=file:///tmp/x|backplane.stroage",
			"backplane.components.snap.type=directory;backplane.components.snap.pathz[0]=/tmp|backplane.components.snap",
			"backplane.components.snap.type=directory;backplane.components.snap.paths[0]=relative/dir|backplane.components.snap.paths[0]",
			"backplane.components.snap.type=tape|Unknown component type 'tape' in backplane.components.snap.type",
			"backplane.components.snap.paths[0]=/tmp|Missing backplane.components.snap.type",
			"backplane.components.Bad_Name.type=directory;backplane.components.Bad_Name.paths[0]=/tmp|Invalid component name 'Bad_Name'",
			"backplane.components.snap.type=directory;backplane.components.snap.paths[0]=/tmp;backplane.components.snap.restore-policy=merge|merge",
			"backplane.storage.location=ftp://host/dir|Unsupported storage location in backplane.storage.location",
			"backplane.storage.location=file:relative|backplane.storage.location",
			"backplane.storage.default-location=mars|backplane.storage.default-location names 'mars'",
			"backplane.runner.threads=0|threads", "backplane.runner.stale-after=1s|backplane.runner.stale-after" })
	void failsStartUpNamingTheBadKey(String properties, String expected) {
		runner().withPropertyValues(properties.split(";")).run((context) -> {
			assertThat(context).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
				messages.append(t.getMessage()).append('\n');
			}
			assertThat(messages.toString()).contains(expected);
		});
	}

	@Test
	void bindsComponentsAndLocations() {
		runner().withPropertyValues("backplane.components.snap.type=directory",
				"backplane.components.snap.paths[0]=/var/lib/snap",
				"backplane.components.snap.restore-policy=overwrite", "backplane.storage.location=file:///srv/backups",
				"backplane.storage.locations.archive.uri=file:///srv/archive", "backplane.runner.threads=8")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SourceComponentRegistry sources = context.getBean(SourceComponentRegistry.class);
				assertThat(sources.all()).singleElement().satisfies((c) -> {
					assertThat(c.name()).isEqualTo("snap");
					assertThat(c.defaultRestorePolicy().value()).isEqualTo("overwrite");
				});
				StorageLocations locations = context.getBean(StorageLocations.class);
				assertThat(locations.all()).extracting((l) -> l.name() + "=" + l.redactedUri())
					.containsExactly("default=file:///srv/backups", "archive=file:///srv/archive");
				assertThat(context.getBean(BackplaneProperties.class).runner().threads()).isEqualTo(8);
			});
	}

	@Test
	void withoutComponentsASampleOverTheHomeExists() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SourceComponentRegistry.class).all()).singleElement().satisfies((c) -> {
				assertThat(c.name()).isEqualTo("sample");
				assertThat(c.describe()).contains(this.home.resolve("sample").toString());
			});
			assertThat(this.home.resolve("sample/README.txt")).exists();
			assertThat(context.getBean(StorageLocations.class).location(null).redactedUri())
				.isEqualTo(this.home.resolve("storage").toUri().toString());
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BackplaneProperties.class)
	static class Properties {

	}

}
