package org.backplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * End to end, as an operator uses it: the plugin zip built by this module is unpacked as
 * the DC/OS CLI does ({@code plugin.toml} at the root, {@code bin/dcos-backup}
 * executable), and {@code bin/dcos-backup backup ...} runs as a separate process with
 * {@code DCOS_URL} and {@code DCOS_ACS_TOKEN} set, against the real service jar
 * ({@code backup-service/target/backup-service.jar}) started by this test on a free
 * loopback port with its embedded PostgreSQL and its sample component under a temporary
 * {@code backplane.home}.
 * <p>
 * The service runs without authentication on loopback (the anonymous admin), so the token
 * the plugin sends is not checked here; 401 and 403 through the plugin are
 * {@link DcosBackupPluginSecurityIntegrationTests}'s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DcosBackupPluginIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HEADINGS = "BACKUP ID  VERSION  STATUS  TIMESTAMP";

	@TempDir
	static Path work;

	static Path plugin;

	static Path home;

	static Process service;

	static int port;

	@BeforeAll
	static void unpackPluginAndStartService() throws Exception {
		plugin = unpack(Path.of(System.getProperty("backplane.cli.pluginZip", "target/dcos-backup-plugin.zip")),
				work.resolve("plugin"));
		home = Files.createDirectories(work.resolve("backplane-home"));
		Path jar = Path.of(System.getProperty("backplane.serviceJar", "../backup-service/target/backup-service.jar"));
		if (!Files.isRegularFile(jar)) {
			fail("No service jar at " + jar.toAbsolutePath() + ": build it first with "
					+ "./mvnw -pl backup-service -am package -DskipTests");
		}
		port = freePort();
		Path log = work.resolve("service.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		service = new ProcessBuilder(java, "-Xmx384m", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--backplane.home=" + home)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		awaitReady(log);
	}

	@AfterAll
	static void stopService() throws InterruptedException {
		if (service != null) {
			service.destroy();
			if (!service.waitFor(60, TimeUnit.SECONDS)) {
				service.destroyForcibly();
			}
		}
	}

	@Test
	@Order(1)
	void pluginZipHasPluginTomlAndAnExecutableLauncher() throws IOException {
		String toml = Files.readString(plugin.resolve("plugin.toml"));
		assertThat(toml).contains("schema_version = 1")
			.contains("name = \"backup\"")
			.contains("[[commands]]")
			.contains("path = \"bin/dcos-backup\"")
			.contains("description = ");
		assertThat(Files.isExecutable(plugin.resolve("bin/dcos-backup"))).isTrue();
		Result info = cli("--info");
		assertThat(info.code()).isZero();
		assertThat(info.out()).isEqualTo(DcosBackup.INFO + "\n");
		Result version = cli("--version");
		assertThat(version.out()).matches("dcos-backup version \\d+\\.\\d+\\.\\d+.*\n");
	}

	@Test
	@Order(2)
	void emptyCatalogueListsHeadingsOnly() {
		Result table = cli("list");
		assertThat(table.code()).isZero();
		assertThat(table.out()).isEqualTo(HEADINGS + "\n");
		assertThat(table.err()).isEmpty();
		assertThat(cli("list", "--json").out()).isEqualTo("[]\n");
	}

	@Test
	@Order(3)
	void createListShowRestoreDeleteRoundTrip() throws IOException {
		Result created = cli("create", "--label=e2e-first");
		assertThat(created.code()).as(created::err).isZero();
		assertThat(created.out()).isEmpty();
		assertThat(created.err()).isEmpty();

		Result waited = cli("create", "--label=e2e-wait", "--wait");
		assertThat(waited.code()).as(waited::err).isZero();
		assertThat(waited.err()).isEmpty();
		List<String> lines = waited.out().lines().toList();
		assertThat(lines.get(0)).matches("Backup e2e-wait-[0-9a-f-]{36} started");
		String id = lines.get(0).substring("Backup ".length(), lines.get(0).length() - " started".length());
		assertThat(lines).contains("Backup " + id + " is ready");
		assertThat(lines).anyMatch((line) -> line.startsWith("Backing up " + id + "  STATUS_READY  100%"));

		Result list = cli("list");
		assertThat(list.code()).isZero();
		List<String> rows = list.out().lines().toList();
		assertThat(rows.get(0)).startsWith("BACKUP ID")
			.contains("  VERSION  ")
			.contains("  STATUS  ")
			.endsWith("TIMESTAMP");
		assertThat(rows).hasSize(3);
		// newest first
		assertThat(rows.get(1)).startsWith(id + "  ").contains("  STATUS_READY  ");
		assertThat(rows.get(2)).startsWith("e2e-first-");

		JsonNode listed = JSON.readTree(cli("list", "--json", "e2e-wait").out());
		assertThat(listed.isArray()).isTrue();
		assertThat(listed.size()).isEqualTo(1);
		assertThat(listed.get(0).get("id").asString()).isEqualTo(id);
		assertThat(listed.get(0).get("status").asString()).isEqualTo("STATUS_READY");
		assertThat(listed.get(0).get("component_status").get("sample").get("status").asString())
			.isEqualTo("STATUS_READY");
		assertThat(listed.get(0).get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*");

		Result show = cli("show", id);
		assertThat(show.code()).isZero();
		assertThat(show.out()).startsWith("ID          " + id + "\nLABEL       e2e-wait\nSTATUS      STATUS_READY\n")
			.contains("\nCREATED BY  anonymous\n")
			.doesNotContain("BUCKET")
			.contains("\nCOMPONENT  STATUS        SIZE")
			.containsPattern("\nsample     STATUS_READY  [0-9.]+ (B|KiB|MiB)  +[0-9a-f]{64}\n");
		JsonNode shown = JSON.readTree(cli("show", "--json", id).out());
		assertThat(shown.get("id").asString()).isEqualTo(id);
		assertThat(shown.get("createdBy").asString()).isEqualTo("anonymous");
		assertThat(shown.get("storage").get("location").asString()).isEqualTo("default");
		assertThat(shown.get("components").get("sample").get("sha256").asString()).hasSize(64);

		// Change the sample, then restore: the backed-up content comes back
		Path readme = home.resolve("sample/README.txt");
		String original = Files.readString(readme);
		Files.writeString(readme, "changed after the backup\n");
		Result restored = cli("restore", "--wait", id);
		assertThat(restored.code()).as(restored::err).isZero();
		assertThat(restored.err()).isEmpty();
		assertThat(restored.out()).containsPattern("Restore \\S+ of backup " + id + " started\n")
			.containsPattern("Restore \\S+ of backup " + id + " is complete\n");
		assertThat(Files.readString(readme)).isEqualTo(original);

		Result restoredWithPolicy = cli("restore", "--policy=overwrite", "--wait", id);
		assertThat(restoredWithPolicy.code()).as(restoredWithPolicy::err).isZero();
		assertThat(JSON.readTree(cli("show", "--json", id).out()).get("restores").size()).isEqualTo(2);

		Result deleted = cli("delete", "--yes", id);
		assertThat(deleted.code()).as(deleted::err).isZero();
		assertThat(deleted.out()).isEmpty();
		assertThat(deleted.err()).isEmpty();
		assertThat(cli("list", "e2e-wait").out()).isEqualTo(HEADINGS + "\n");
	}

	@Test
	@Order(4)
	void downloadUploadAndVerifyABackupAsOneFile() throws IOException {
		Result waited = cli("create", "--label=e2e-file", "--wait");
		assertThat(waited.code()).as(waited::err).isZero();
		String first = waited.out().lines().findFirst().orElseThrow();
		String id = first.substring("Backup ".length(), first.length() - " started".length());
		Path file = work.resolve("e2e-file.tar");
		Result downloaded = cli("download", id, "-o", file.toString());
		assertThat(downloaded.code()).as(downloaded::err).isZero();
		assertThat(downloaded.out()).contains("Downloading  ")
			.endsWith("Downloaded backup " + id + " to " + file + " (" + Output.size(Files.size(file)) + ")\n");
		assertThat(new String(Files.readAllBytes(file), 0, 11, java.nio.charset.StandardCharsets.US_ASCII))
			.isEqualTo("backup.json");
		assertThat(work.resolve("e2e-file.tar.part")).doesNotExist();
		Result again = cli("download", id, "-o", file.toString());
		assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
		assertThat(again.err()).contains("exists");

		Result exists = cli("upload", file.toString());
		assertThat(exists.code()).as(exists::err).isEqualTo(ExitCodes.CONFLICT);
		assertThat(exists.err()).contains("already in the catalogue");
		assertThat(cli("delete", "--yes", id).code()).isZero();
		Result uploaded = cli("upload", file.toString());
		assertThat(uploaded.code()).as(uploaded::err).isZero();
		assertThat(uploaded.out()).contains("Uploading  ").endsWith("Uploaded backup " + id + " (STATUS_READY)\n");

		Result verified = cli("verify", "--wait", id);
		assertThat(verified.code()).as(verified::err).isZero();
		assertThat(verified.out()).startsWith("Verification of backup " + id + " PASSED: ");
		assertThat(cli("show", id).out()).containsPattern("\nVERIFIED    PASSED \\(full, [^)]+\\)\n");
		assertThat(cli("delete", "--yes", id).code()).isZero();
	}

	@Test
	@Order(4)
	void unknownIdIsExit6() {
		String id = "e2e-missing-" + UUID.randomUUID();
		Result show = cli("show", id);
		assertThat(show.code()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(show.out()).isEmpty();
		assertThat(show.err()).startsWith("Error: ")
			.contains(id)
			.endsWith(" Run 'dcos backup list' to see the backups\n");
		Result delete = cli("delete", "--yes", id);
		assertThat(delete.code()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(delete.err()).startsWith("Error: ").hasLineCount(1);
		Result restore = cli("restore", id);
		assertThat(restore.code()).isEqualTo(ExitCodes.NOT_FOUND);
	}

	@Test
	@Order(4)
	void scheduleCreateListShowRunPauseResumeDelete() throws IOException {
		Result created = cli("schedule", "create", "--cron=0 0 3 * * *", "--zone=Europe/Paris", "--keep-daily=7",
				"--keep-within=2y", "e2e-nightly");
		assertThat(created.code()).as(created::err).isZero();
		assertThat(created.out()).isEmpty();

		Result list = cli("schedule", "list");
		assertThat(list.code()).as(list::err).isZero();
		List<String> rows = list.out().lines().toList();
		assertThat(rows.get(0)).startsWith("NAME  ")
			.contains("  CRON  ")
			.contains("  NEXT RUN  ")
			.contains("  LAST OUTCOME  ")
			.endsWith("  STATE");
		assertThat(rows).anySatisfy(
				(row) -> assertThat(row).startsWith("e2e-nightly  0 0 3 * * *  Europe/Paris  ").endsWith("  active"));

		Result show = cli("schedule", "show", "e2e-nightly");
		assertThat(show.code()).as(show::err).isZero();
		assertThat(show.out()).contains("\nRETENTION     keep-daily 7, keep-within 2y\n")
			.contains("\nCOMPONENTS    all\n")
			.contains("\nLAST OUTCOME  N/A\n");

		Result run = cli("schedule", "run", "--wait", "e2e-nightly");
		assertThat(run.code()).as(run::err).isZero();
		String id = run.out().lines().findFirst().orElseThrow();
		assertThat(id).matches("e2e-nightly-[0-9a-f-]{36}");
		assertThat(run.out()).contains("Backup " + id + " is ready");
		JsonNode shown = JSON.readTree(cli("schedule", "show", "--json", "e2e-nightly").out());
		assertThat(shown.get("lastBackupId").asString()).isEqualTo(id);
		assertThat(shown.get("lastOutcome").asString()).isEqualTo("SUCCEEDED");

		assertThat(cli("schedule", "pause", "e2e-nightly").code()).isZero();
		assertThat(cli("schedule", "show", "e2e-nightly").out()).contains("\nSTATE         paused\n")
			.contains("\nNEXT RUN      N/A\n");
		assertThat(cli("schedule", "resume", "e2e-nightly").code()).isZero();
		assertThat(cli("schedule", "show", "e2e-nightly").out()).contains("\nSTATE         active\n");

		Result badCron = cli("schedule", "create", "--cron=0 3 * * *", "e2e-bad");
		assertThat(badCron.code()).isEqualTo(ExitCodes.INVALID);
		assertThat(badCron.err()).startsWith("Error: ").contains("Invalid cron '0 3 * * *'").contains("six fields");

		Result deleted = cli("schedule", "delete", "--yes", "e2e-nightly");
		assertThat(deleted.code()).as(deleted::err).isZero();
		assertThat(deleted.out()).isEmpty();
		Result gone = cli("schedule", "show", "e2e-nightly");
		assertThat(gone.code()).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(gone.err()).contains("No schedule named e2e-nightly");
		// its backup stays
		assertThat(cli("list", "e2e-nightly").out()).contains(id);
	}

	@Test
	@Order(5)
	void invalidLabelIsExit8WithTheRule() {
		Result result = cli("create", "--label=a");
		assertThat(result.code()).isEqualTo(ExitCodes.INVALID);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).startsWith("Error: ").contains("3").contains("25").hasLineCount(1);
		assertThat(result.err()).doesNotContain("\tat ");
	}

	@Test
	@Order(6)
	void missingLabelIsExit2() {
		Result result = cli("create");
		assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
		assertThat(result.err()).startsWith("Error: Missing required option: '--label=<label>'\n");
	}

	@Test
	@Order(6)
	void parametersReachTheServiceWhichRefusesThemForItsFileLocationNamingKeysOnly() {
		Result result = cli(Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t-e2e"), "create", "--label=e2e-params", "-p",
				"AWS_ACCESS_KEY_ID=AKIAE2E", "--parameter", "AWS_SECRET_ACCESS_KEY");
		assertThat(result.code()).as(result::err).isEqualTo(ExitCodes.INVALID);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).startsWith("Error: ")
			.contains("is a file location and takes no per-request parameters")
			.contains("AWS_ACCESS_KEY_ID")
			.contains("AWS_SECRET_ACCESS_KEY")
			.doesNotContain("s3cr3t-e2e")
			.doesNotContain("AKIAE2E")
			.hasLineCount(1);
		assertThat(cli("list").out()).doesNotContain("e2e-params");
	}

	@Test
	@Order(7)
	void unreachableServiceIsExit3() throws IOException {
		int closed = freePort();
		Result result = cli(Map.of("DCOS_URL", "http://127.0.0.1:" + closed), "list");
		assertThat(result.code()).isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).startsWith("Error: Cannot reach Backplane at http://127.0.0.1:" + closed)
			.hasLineCount(1);
	}

	@Test
	@Order(8)
	void busyComponentIsExit7() throws IOException {
		// Enough data that the backup is still running when the second request comes:
		// random letters, which gzip works hard on (random bytes would be stored as they
		// are, at the speed of a copy)
		byte[] chunk = new byte[1024 * 1024];
		Random random = new Random(42);
		Path big = Files.createDirectories(home.resolve("sample/big"));
		for (int i = 0; i < 64; i++) {
			for (int j = 0; j < chunk.length; j++) {
				chunk[j] = (byte) ('a' + random.nextInt(26));
			}
			Files.write(big.resolve("blob-" + i + ".bin"), chunk);
		}
		Result first = cli("create", "--label=e2e-busy");
		Result second = cli("create", "--label=e2e-busy-again");
		assertThat(first.code()).as(first::err).isZero();
		assertThat(second.code()).as(second::err).isEqualTo(ExitCodes.CONFLICT);
		assertThat(second.out()).isEmpty();
		assertThat(second.err()).startsWith("Error: ")
			.contains("busy")
			.endsWith(" Run 'dcos backup list' to see what is running, then retry\n")
			.hasLineCount(1);
	}

	// ---- helpers ----

	private static Result cli(String... args) {
		return cli(Map.of(), args);
	}

	private static Result cli(Map<String, String> extraEnv, String... args) {
		Map<String, String> env = new HashMap<>();
		env.put("DCOS_ACS_TOKEN", "e2e-token");
		env.putAll(extraEnv);
		return cli(plugin, work, port, env, args);
	}

	/**
	 * Runs {@code bin/dcos-backup backup <args>} of an unpacked plugin as the DC/OS CLI
	 * does, against a service on a loopback port.
	 * @param plugin the unpacked plugin
	 * @param work a folder for the CLI's files and the captured output
	 * @param port the service's port
	 * @param extraEnv environment variables to set (e.g. {@code DCOS_ACS_TOKEN}); the
	 * caller's own {@code DCOS_*} variables are removed first
	 * @param args the subcommand and its arguments
	 * @return the exit code and what it printed
	 */
	static Result cli(Path plugin, Path work, int port, Map<String, String> extraEnv, String... args) {
		try {
			List<String> command = new ArrayList<>();
			command.add(plugin.resolve("bin/dcos-backup").toString());
			command.add("backup");
			Collections.addAll(command, args);
			ProcessBuilder builder = new ProcessBuilder(command);
			Map<String, String> env = builder.environment();
			env.keySet().removeIf((name) -> name.startsWith("DCOS_"));
			env.put("DCOS_URL", "http://127.0.0.1:" + port);
			env.put("DCOS_DIR", work.resolve("dcos").toString());
			env.put("JAVA_HOME", System.getProperty("java.home"));
			env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
			// set by the DC/OS CLI for the plugins it runs
			env.put("DCOS_CLI_EXECUTABLE_PATH", "/usr/local/bin/dcos");
			env.putAll(extraEnv);
			Path out = Files.createTempFile(work, "out", ".txt");
			Path err = Files.createTempFile(work, "err", ".txt");
			Process process = builder.redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				fail("dcos-backup " + String.join(" ", args) + " did not end within 120 s");
			}
			return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run dcos-backup", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Path unpack(Path zip, Path target) throws IOException {
		if (!Files.isRegularFile(zip)) {
			fail("No plugin zip at " + zip.toAbsolutePath() + ": run this through Maven (package builds it)");
		}
		try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
			Enumeration<ZipArchiveEntry> entries = file.getEntries();
			while (entries.hasMoreElements()) {
				ZipArchiveEntry entry = entries.nextElement();
				Path path = target.resolve(entry.getName()).normalize();
				if (!path.startsWith(target)) {
					fail("Zip entry escapes the plugin folder: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
					continue;
				}
				Files.createDirectories(path.getParent());
				try (InputStream in = file.getInputStream(entry)) {
					Files.copy(in, path);
				}
				// As the DC/OS CLI does: keep the Unix mode stored in the zip
				Files.setPosixFilePermissions(path, permissions(entry.getUnixMode()));
			}
		}
		return target;
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] bits = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int i = 0; i < bits.length; i++) {
			if ((mode & (1 << i)) != 0) {
				permissions.add(bits[i]);
			}
		}
		return permissions;
	}

	private static void awaitReady(Path log) throws IOException, InterruptedException {
		awaitReady(service, port, log);
	}

	/**
	 * Waits until a service answers its readiness probe, failing with its log's tail if
	 * it exits or takes longer than 180 s.
	 * @param service the service's process
	 * @param port its port
	 * @param log its log file
	 */
	static void awaitReady(Process service, int port, Path log) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		while (System.nanoTime() < deadline) {
			if (!service.isAlive()) {
				fail("The service exited with " + service.exitValue() + " before it was ready:\n" + tail(log));
			}
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(readiness).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		fail("The service was not ready within 180 s:\n" + tail(log));
	}

	static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	record Result(int code, String out, String err) {
	}

}
