package org.backplane.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code dcos backup plan list|show|start|stop} as an operator runs them: the plugin as a
 * separate process against the real service jar, configured with a {@code nodes}
 * component of two node folders and an S3 location on a real S3Proxy (the jar the
 * service's build copies to {@code backup-service/target/test-servers}). The S3
 * credentials go as bare {@code -p KEY} parameters, taken from the environment.
 */
class PlanCommandsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path work;

	static Path plugin;

	static Process s3proxy;

	static Process service;

	static int port;

	static Path[] nodes = new Path[2];

	static byte[][] content = new byte[2][];

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
		Files.createDirectories(s3dir.resolve("data/plans"));
		s3proxy = TestServices.startS3Proxy(jars[0], s3dir, s3dir.resolve("data"), s3port, "cli-identity",
				"cli-credential");
		Random random = new Random(11);
		for (int i = 0; i < 2; i++) {
			nodes[i] = Files.createDirectories(work.resolve("node-" + i + "/ks/table"));
			content[i] = new byte[50_000 + random.nextInt(50_000)];
			random.nextBytes(content[i]);
			Files.write(nodes[i].resolve("data.db"), content[i]);
			nodes[i] = work.resolve("node-" + i);
		}
		port = DcosBackupPluginIntegrationTests.freePort();
		Path log = work.resolve("service.log");
		service = new ProcessBuilder(java, "-Xmx384m", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--backplane.home=" + Files.createDirectories(work.resolve("home")),
				"--backplane.components.cassandra.type=nodes", "--backplane.components.cassandra.nodes[0]=" + nodes[0],
				"--backplane.components.cassandra.nodes[1]=" + nodes[1],
				"--backplane.storage.location=s3://plans?endpoint=http://127.0.0.1:" + s3port
						+ "&checksums=when_required")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		DcosBackupPluginIntegrationTests.awaitReady(service, port, log);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		TestServices.stop(service, s3proxy);
	}

	static void awaitPort(int port) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(300);
			}
		}
		fail("S3Proxy did not listen on " + port + " within 120 s");
	}

	static DcosBackupPluginIntegrationTests.Result cli(String... args) {
		return DcosBackupPluginIntegrationTests.cli(plugin, work, port, Map.of("DCOS_ACS_TOKEN", "e2e-token",
				"AWS_ACCESS_KEY_ID", "cli-identity", "AWS_SECRET_ACCESS_KEY", "cli-credential"), args);
	}

	@Test
	void planCommandsBackUpShowAndRestoreThroughTheService() throws IOException {
		DcosBackupPluginIntegrationTests.Result list = cli("plan", "list");
		assertThat(list.code()).as(list.err()).isZero();
		assertThat(list.out()).isEqualTo("backup-s3\nbackup-azure\nrestore-s3\nrestore-azure\n");

		List<String> s3 = List.of("-p", "SNAPSHOT_NAME=cli-snap", "-p", "AWS_ACCESS_KEY_ID", "-p",
				"AWS_SECRET_ACCESS_KEY");
		DcosBackupPluginIntegrationTests.Result backup = cli(concat("plan", "start", "backup-s3", "--wait", s3));
		assertThat(backup.code()).as(backup.err()).isZero();
		assertThat(backup.out())
			.contains("Plan backup-s3 started", "node-0:[backup] COMPLETE", "node-1:[backup] COMPLETE",
					"Plan backup-s3 is complete")
			.doesNotContain("cli-credential");

		DcosBackupPluginIntegrationTests.Result show = cli("plan", "show", "backup-s3");
		assertThat(show.code()).isZero();
		assertThat(show.out()).isEqualTo("""
				backup-s3 (serial strategy) (COMPLETE)
				└─ backup (serial strategy) (COMPLETE)
				   ├─ node-0:[backup] (COMPLETE)
				   └─ node-1:[backup] (COMPLETE)
				""");
		JsonNode json = JSON.readTree(cli("plan", "show", "--json", "backup-s3").out());
		assertThat(json.get("status").asString()).isEqualTo("COMPLETE");
		assertThat(json.get("phases").get(0).get("steps").get(1).get("message").asString()).contains("sha256");

		DcosBackupPluginIntegrationTests.Result stop = cli("plan", "stop", "backup-s3");
		assertThat(stop.code()).isZero();
		assertThat(stop.out()).contains("not running");

		DcosBackupPluginIntegrationTests.Result refused = cli(concat("plan", "start", "restore-s3", "--wait", s3));
		assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
		assertThat(refused.err()).contains("Plan restore-s3 failed", "is not empty", "fail-if-exists");

		for (Path node : nodes) {
			try (Stream<Path> tree = Files.walk(node)) {
				tree.sorted(java.util.Comparator.reverseOrder()).filter((p) -> !p.equals(node)).forEach((p) -> {
					try {
						Files.delete(p);
					}
					catch (IOException ex) {
						throw new java.io.UncheckedIOException(ex);
					}
				});
			}
		}
		DcosBackupPluginIntegrationTests.Result restore = cli(concat("plan", "start", "restore-s3", "--wait", s3));
		assertThat(restore.code()).as(restore.err()).isZero();
		assertThat(restore.out()).contains("node-1:[restore] COMPLETE", "Plan restore-s3 is complete");
		for (int i = 0; i < 2; i++) {
			assertThat(nodes[i].resolve("ks/table/data.db")).hasBinaryContent(content[i]);
		}

		DcosBackupPluginIntegrationTests.Result bad = cli("plan", "start", "backup-s3", "-p", "1X=y");
		assertThat(bad.code()).isEqualTo(ExitCodes.INVALID);
		assertThat(bad.err()).contains("not a valid environment variable name");
	}

	private static String[] concat(String a, String b, String c, String d, List<String> rest) {
		Stream<String> all = Stream.concat(Stream.of(a, b, c, d), rest.stream());
		return all.toArray(String[]::new);
	}

}
