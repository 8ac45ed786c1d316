package org.backplane.service.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.source.directory.DirectorySourceComponentFactory;
import org.backplane.service.source.zookeeper.ZooKeeperSourceComponentFactory;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.file.FileStorageProviderFactory;
import org.backplane.service.storage.s3.S3StorageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration is bound from {@code backplane.*}; unknown keys and bad values fail
 * start-up with a message that names the key, and for an unknown key the nearest valid
 * one. Runs the binding (with the storage adapters' properties) and the two registries
 * alone, without a database.
 */
class ConfigurationTests {

	@TempDir
	Path home;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(Properties.class)
			.withBean(UnknownKeysBindHandlerAdvisor.class)
			.withBean(DirectorySourceComponentFactory.class)
			.withBean(ZooKeeperSourceComponentFactory.class)
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
			"backplane.runner.threads=0|threads", "backplane.runner.stale-after=1s|backplane.runner.stale-after",
			"backplane.security.roles.alice=superuser|backplane.security.roles[alice] must be viewer, operator or admin",
			"backplane.security.default-role=root|backplane.security.default-role must be viewer, operator or admin",
			"backplane.security.tokens.ci.sha256=abc;backplane.security.tokens.ci.role=admin|sha256 must be 64 hexadecimal digits",
			"backplane.security.tokens.ci.sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08|static API token needs a role",
			"backplane.security.jwt.jwk-set-uri=http://127.0.0.1/jwks;backplane.security.jwt.public-key-location=/tmp/key.pem|not both",
			"backplane.storage.file.mode=0644|backplane.storage.file.mode must not give other users any access",
			"backplane.storage.file.mode=rw-r-----|backplane.storage.file.mode must be an octal file mode" })
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

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "backplane.hmoe=/srv/backplane|backplane.hmoe|backplane.home",
			"backplane.runer.threads=2|backplane.runer.threads|backplane.runner.threads",
			"backplane.storage.default-locaton=archive|backplane.storage.default-locaton|backplane.storage.default-location",
			"backplane.storage.locations.archive.uri=file:///srv/archive;backplane.storage.locations.archive.url=file:///srv/other|backplane.storage.locations.archive.url|backplane.storage.locations.archive.uri",
			"backplane.storage.s3.part-sise=8MB|backplane.storage.s3.part-sise|backplane.storage.s3.part-size",
			"backplane.storage.locations.archive.uri=s3://archive/p;backplane.storage.locations.archive.allowed-endpoint=http://10.0.0.5:9000|backplane.storage.locations.archive.allowed-endpoint|backplane.storage.locations.archive.allowed-endpoints",
			"backplane.storage.allowed-bucket=team-*|backplane.storage.allowed-bucket|backplane.storage.allowed-buckets",
			"backplane.storage.s3x.max-attempts=2|backplane.storage.s3x.max-attempts|backplane.storage.s3.max-attempts",
			"backplane.storage.azure.max-trys=3|backplane.storage.azure.max-trys|backplane.storage.azure.max-tries",
			"backplane.storage.file.fsnyc=false|backplane.storage.file.fsnyc|backplane.storage.file.fsync",
			"backplane.runner.treads=2|backplane.runner.treads|backplane.runner.threads",
			"backplane.secrets.kee=c2VjcmV0|backplane.secrets.kee|backplane.secrets.key",
			"backplane.security.jwt.jwk-set-url=http://x/jwks|backplane.security.jwt.jwk-set-url|backplane.security.jwt.jwk-set-uri",
			"backplane.security.tokens.ci.sha265=00|backplane.security.tokens.ci.sha265|backplane.security.tokens.ci.sha256",
			"backplane.security.defualt-role=viewer|backplane.security.defualt-role|backplane.security.default-role",
			"backplane.security.cors.allowed-origin=https://a.example|backplane.security.cors.allowed-origin|backplane.security.cors.allowed-origins",
			"backplane.components.snap.type=directory;backplane.components.snap.paths[0]=/tmp;backplane.components.snap.restore-polcy=overwrite|backplane.components.snap.restore-polcy|backplane.components.snap.restore-policy",
			"backplane.components.snap.type=directory;backplane.components.snap.pathz[0]=/tmp|backplane.components.snap.pathz[0]|backplane.components.snap.paths",
			"backplane.components.zk.type=zookeeper;backplane.components.zk.connect-string=zk:2181;backplane.components.zk.tls.enabeld=true|backplane.components.zk.tls.enabeld|backplane.components.zk.tls.enabled" })
	void unknownKeyFailsStartUpNamingTheNearestValidKey(String properties, String key, String nearest) {
		runner().withPropertyValues(properties.split(";")).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure()))
				.contains("Unknown configuration key " + key + ": did you mean " + nearest + "?");
		});
	}

	@Test
	void unknownKeyMessagesNameKeysButNeverValues() {
		runner()
			.withPropertyValues("backplane.storage.locations.archive.uri=file:///srv/archive",
					"backplane.storage.locations.archive.credentails.AWS_SECRET_ACCESS_KEY=NotToBeShown1")
			.run((context) -> {
				assertThat(context).hasFailed();
				String messages = messages(context.getStartupFailure());
				assertThat(messages)
					.contains("Unknown configuration key "
							+ "backplane.storage.locations.archive.credentails.AWS_SECRET_ACCESS_KEY: did you mean "
							+ "backplane.storage.locations.archive.credentials.AWS_SECRET_ACCESS_KEY?")
					.contains(
							"Valid keys under backplane.storage.locations.archive: uri, credentials.*, allowed-endpoints, "
									+ "allowed-buckets.")
					.doesNotContain("NotToBeShown1");
				FailureAnalysis analysis = new UnknownConfigurationKeyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.startsWith("Unknown configuration key backplane.storage.locations.archive.credentails")
					.doesNotContain("NotToBeShown1");
			});
		runner().withPropertyValues("backplane.components.zk.type=zookeeper",
				"backplane.components.zk.connect-string=zk:2181", "backplane.components.zk.digets=user:NotToBeShown2")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure()))
					.contains("Unknown configuration key backplane.components.zk.digets: "
							+ "did you mean backplane.components.zk.digest?")
					.doesNotContain("NotToBeShown2");
			});
	}

	@Test
	void theS3PartSizeKeyBinds() {
		runner().withPropertyValues("backplane.storage.s3.part-size=8MB").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(S3StorageProperties.class).partSize()).isEqualTo(DataSize.ofMegabytes(8));
		});
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			messages.append(t.getMessage()).append('\n');
		}
		return messages.toString();
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
	void withoutComponentsASampleOverTheHomeExists() throws IOException {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SourceComponentRegistry.class).all()).singleElement().satisfies((c) -> {
				assertThat(c.name()).isEqualTo("sample");
				assertThat(c.describe()).contains(this.home.resolve("sample").toString());
			});
			assertThat(this.home.resolve("sample/README.txt")).exists();
			assertThat(Files.getPosixFilePermissions(this.home.resolve("sample")))
				.isEqualTo(PosixFilePermissions.fromString("rwx------"));
			assertThat(Files.getPosixFilePermissions(this.home.resolve("sample/README.txt")))
				.isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(context.getBean(StorageLocations.class).location(null).redactedUri())
				.isEqualTo("file://" + this.home.resolve("storage"));
		});
	}

	@Test // GH-20
	void theDefaultStorageUriIsTheSameOnceItsFolderExists() throws IOException {
		String expected = "file://" + this.home.resolve("storage");
		runner().run((context) -> assertThat(context.getBean(StorageLocations.class).location(null).redactedUri())
			.isEqualTo(expected));
		Files.createDirectories(this.home.resolve("storage"));
		runner().run((context) -> assertThat(context.getBean(StorageLocations.class).location(null).redactedUri())
			.isEqualTo(expected));
	}

	/**
	 * The service's properties, the storage adapters' and the security settings (some of
	 * which are not public), as the application registers them.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BackplaneProperties.class)
	@ConfigurationPropertiesScan({ "org.backplane.service.storage", "org.backplane.service.security" })
	static class Properties {

	}

}
