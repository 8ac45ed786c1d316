package org.backplane.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dcos backup mirror run|list|show} as an operator runs them: the plugin as a
 * separate process against the real service jar, configured with a {@code buckets}
 * component whose source and mirror are one real S3Proxy (the source bucket
 * {@code photos}, written as files into S3Proxy's folder; the mirror bucket
 * {@code mirror-photos}).
 */
class MirrorCommandsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path work;

	static Path plugin;

	static Path data;

	static Process s3proxy;

	static Process service;

	static int port;

	static byte[] large = new byte[300_000];

	@BeforeAll
	static void startS3ProxyAndService() throws Exception {
		plugin = DcosBackupPluginIntegrationTests.unpack(
				Path.of(System.getProperty("backplane.cli.pluginZip", "target/dcos-backup-plugin.zip")),
				work.resolve("plugin"));
		Path[] jars = TestServices.jars();
		Path jar = jars[1];
		String java = TestServices.java();
		int s3port = DcosBackupPluginIntegrationTests.freePort();
		Path s3dir = Files.createDirectories(work.resolve("s3proxy"));
		data = s3dir.resolve("data");
		// the source bucket's objects, as S3Proxy's filesystem back end keeps them
		Files.createDirectories(data.resolve("photos/deep/er"));
		Files.writeString(data.resolve("photos/a.txt"), "first photo");
		new Random(5).nextBytes(large);
		Files.write(data.resolve("photos/deep/er/b.bin"), large);
		Files.write(data.resolve("photos/empty"), new byte[0]);
		s3proxy = TestServices.startS3Proxy(jars[0], s3dir, data, s3port, "cli-identity", "cli-credential");
		port = DcosBackupPluginIntegrationTests.freePort();
		Path log = work.resolve("service.log");
		String endpoint = "http://127.0.0.1:" + s3port;
		service = new ProcessBuilder(java, "-Xmx384m", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--backplane.home=" + Files.createDirectories(work.resolve("home")),
				"--backplane.components.minio.type=buckets", "--backplane.components.minio.endpoint=" + endpoint,
				"--backplane.components.minio.credentials[ACCESS_KEY_ID]=cli-identity",
				"--backplane.components.minio.credentials[SECRET_ACCESS_KEY]=cli-credential",
				"--backplane.components.minio.buckets[0]=photos",
				"--backplane.components.minio.mirror-location=" + endpoint,
				"--backplane.components.minio.mirror-credentials[ACCESS_KEY_ID]=cli-identity",
				"--backplane.components.minio.mirror-credentials[SECRET_ACCESS_KEY]=cli-credential",
				"--backplane.components.minio.mirror-prefix=mirror-")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		DcosBackupPluginIntegrationTests.awaitReady(service, port, log);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		TestServices.stop(service, s3proxy);
	}

	static DcosBackupPluginIntegrationTests.Result cli(String... args) {
		return DcosBackupPluginIntegrationTests.cli(plugin, work, port, Map.of("DCOS_ACS_TOKEN", "e2e-token"), args);
	}

	@Test
	void mirrorCommandsRunListAndShowMirrorRuns() throws Exception {
		DcosBackupPluginIntegrationTests.Result none = cli("mirror", "list", "minio");
		assertThat(none.code()).as(none.err()).isZero();
		assertThat(none.out()).startsWith("ID").doesNotContain("mirror:");

		DcosBackupPluginIntegrationTests.Result run = cli("mirror", "run", "--wait", "minio");
		assertThat(run.code()).as(run.err()).isZero();
		String id = run.out().lines().findFirst().orElseThrow();
		assertThat(id).startsWith("mirror:");
		assertThat(run.out()).contains("STATUS_READY", "photos -> mirror-photos")
			.containsPattern("COPIED +3 ")
			.containsPattern("UNCHANGED +0");
		assertThat(data.resolve("mirror-photos/a.txt")).hasContent("first photo");
		assertThat(data.resolve("mirror-photos/deep/er/b.bin")).hasBinaryContent(large);
		assertThat(data.resolve("mirror-photos/empty")).isEmptyFile();

		// nothing changed: copied again only what changed
		DcosBackupPluginIntegrationTests.Result again = cli("mirror", "run", "--wait", "minio");
		assertThat(again.code()).as(again.err()).isZero();
		assertThat(again.out()).containsPattern("COPIED +0 ").containsPattern("UNCHANGED +3");
		String second = again.out().lines().findFirst().orElseThrow();

		DcosBackupPluginIntegrationTests.Result list = cli("mirror", "list", "minio");
		assertThat(list.code()).as(list.err()).isZero();
		assertThat(list.out().lines().skip(1).map((line) -> line.split(" +")[0]).toList()).containsExactly(second, id);
		JsonNode shown = JSON.readTree(cli("mirror", "show", "--json", "minio", id).out());
		assertThat(shown.path("status").asString()).isEqualTo("STATUS_READY");
		assertThat(shown.path("copied").asLong()).isEqualTo(3);
		assertThat(shown.path("buckets").path("photos").asString()).isEqualTo("mirror-photos");

		DcosBackupPluginIntegrationTests.Result unknown = cli("mirror", "run", "nothing");
		assertThat(unknown.code()).isNotZero();
		assertThat(unknown.err()).contains("Unknown component 'nothing'", "minio");
		DcosBackupPluginIntegrationTests.Result tooMany = cli("mirror", "list", "--limit", "500", "minio");
		assertThat(tooMany.code()).isNotZero();
		assertThat(tooMany.err()).contains("ask for 1 to 100 runs");
	}

}
