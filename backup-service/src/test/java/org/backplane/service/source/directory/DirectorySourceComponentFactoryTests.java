package org.backplane.service.source.directory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.SourceComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DirectorySourceComponentFactoryTests {

	private final DirectorySourceComponentFactory factory = new DirectorySourceComponentFactory();

	@Test
	void createsComponentWithTypeExtensionAndPolicy() {
		SourceComponent component = this.factory.create("snapshots", new DirectorySourceProperties("directory",
				List.of(Path.of("/var/lib/a"), Path.of("/var/lib/b/")), RestorePolicy.OVERWRITE, 6));
		assertThat(this.factory.type()).isEqualTo("directory");
		assertThat(this.factory.propertiesType()).isEqualTo(DirectorySourceProperties.class);
		assertThat(component.name()).isEqualTo("snapshots");
		assertThat(component.type()).isEqualTo("directory");
		assertThat(component.artifactExtension()).isEqualTo("tar.gz");
		assertThat(component.defaultRestorePolicy()).isEqualTo(RestorePolicy.OVERWRITE);
		assertThat(component.describe()).contains("/var/lib/a", "/var/lib/b");
	}

	@Test
	void bindsFromConfigurationKeysWithDefaults() {
		Map<String, String> keys = Map.of("backplane.components.snap.type", "directory",
				"backplane.components.snap.paths[0]", "/var/lib/data/snap", "backplane.components.snap.paths[1]",
				"/var/lib/data/other");
		DirectorySourceProperties properties = new Binder(new MapConfigurationPropertySource(keys))
			.bindOrCreate("backplane.components.snap", DirectorySourceProperties.class);
		assertThat(properties.paths()).containsExactly(Path.of("/var/lib/data/snap"), Path.of("/var/lib/data/other"));
		assertThat(properties.restorePolicy()).isEqualTo(RestorePolicy.FAIL_IF_EXISTS);
		assertThat(properties.compressionLevel()).isEqualTo(6);
	}

	@Test
	void bindsRestorePolicyByItsConfigurationName() {
		Map<String, String> keys = Map.of("backplane.components.snap.type", "directory",
				"backplane.components.snap.paths[0]", "/a", "backplane.components.snap.restore-policy", "overwrite",
				"backplane.components.snap.compression-level", "1");
		DirectorySourceProperties properties = new Binder(new MapConfigurationPropertySource(keys))
			.bindOrCreate("backplane.components.snap", DirectorySourceProperties.class);
		assertThat(properties.restorePolicy()).isEqualTo(RestorePolicy.OVERWRITE);
		assertThat(properties.compressionLevel()).isEqualTo(1);
		keys = Map.of("backplane.components.snap.paths[0]", "/a", "backplane.components.snap.restore-policy",
				"fail-if-exists");
		assertThat(new Binder(new MapConfigurationPropertySource(keys))
			.bindOrCreate("backplane.components.snap", DirectorySourceProperties.class)
			.restorePolicy()).isEqualTo(RestorePolicy.FAIL_IF_EXISTS);
	}

	@Test
	void defaultsToFailIfExists() {
		DirectorySourceProperties properties = new DirectorySourceProperties("directory", List.of(Path.of("/a")), null,
				6);
		assertThat(this.factory.create("x", properties).defaultRestorePolicy()).isEqualTo(RestorePolicy.FAIL_IF_EXISTS);
	}

	@Test
	void rejectsMissingPaths() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("snap",
					new DirectorySourceProperties("directory", null, RestorePolicy.FAIL_IF_EXISTS, 6)))
			.withMessageContaining("backplane.components.snap.paths");
	}

	@Test
	void rejectsRelativePathNamingItsKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("snap", DirectorySourceProperties.of(Path.of("/a"), Path.of("b/c"))))
			.withMessageContaining("backplane.components.snap.paths[1]")
			.withMessageContaining("absolute");
	}

	@Test
	void rejectsDuplicatePath() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("snap",
					DirectorySourceProperties.of(Path.of("/data/a"), Path.of("/data/x/../a"))))
			.withMessageContaining("backplane.components.snap.paths[1]")
			.withMessageContaining("paths[0]");
	}

	@Test
	void rejectsNestedPaths() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("snap",
					DirectorySourceProperties.of(Path.of("/data/a/b"), Path.of("/data/a"))))
			.withMessageContaining("backplane.components.snap.paths[1]")
			.withMessageContaining("nested");
	}

	@Test
	void rejectsRootDirectory() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("snap", DirectorySourceProperties.of(Path.of("/"))))
			.withMessageContaining("backplane.components.snap.paths[0]");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 10 })
	void rejectsCompressionLevelOutOfRange(int level) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("snap",
					new DirectorySourceProperties("directory", List.of(Path.of("/a")), RestorePolicy.FAIL_IF_EXISTS,
							level)))
			.withMessage("backplane.components.snap.compression-level must be between 0 (store without compressing) "
					+ "and 9 (smallest), not " + level);
	}

	@Test
	void rejectsOtherType() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> this.factory.create("snap",
							new DirectorySourceProperties("zookeeper", List.of(Path.of("/a")),
									RestorePolicy.FAIL_IF_EXISTS, 6)))
			.withMessageContaining("backplane.components.snap.type");
	}

}
