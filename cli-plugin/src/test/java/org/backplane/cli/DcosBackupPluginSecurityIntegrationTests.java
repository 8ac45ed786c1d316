package org.backplane.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The DC/OS scenario end to end: the plugin run as the DC/OS CLI runs it, with the token
 * the CLI hands plugins in {@code DCOS_ACS_TOKEN}, against the real service jar that
 * checks DC/OS tokens (RS256, principal {@code uid}) against a PEM public key, as a
 * cluster whose Admin Router forwards them. Tokens are signed by this test with the
 * matching private key. Without a token the CLI says to log in (exit 4); a viewer may
 * list but not create (exit 5, naming the role); an admin creates.
 */
class DcosBackupPluginSecurityIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path work;

	static Path plugin;

	static Process service;

	static int port;

	static KeyPair keys;

	@BeforeAll
	static void startSecuredService() throws Exception {
		plugin = DcosBackupPluginIntegrationTests.unpack(
				Path.of(System.getProperty("backplane.cli.pluginZip", "target/dcos-backup-plugin.zip")),
				work.resolve("plugin"));
		Path jar = Path.of(System.getProperty("backplane.serviceJar", "../backup-service/target/backup-service.jar"));
		if (!Files.isRegularFile(jar)) {
			fail("No service jar at " + jar.toAbsolutePath() + ": build it first with "
					+ "./mvnw -pl backup-service -am package -DskipTests");
		}
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		keys = generator.generateKeyPair();
		Path pem = work.resolve("dcos-public-key.pem");
		Files.writeString(pem,
				"-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
		port = DcosBackupPluginIntegrationTests.freePort();
		Path log = work.resolve("service.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		service = new ProcessBuilder(java, "-Xmx384m", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--backplane.home=" + Files.createDirectories(work.resolve("home")),
				"--backplane.security.jwt.public-key-location=" + pem, "--backplane.security.roles.alice=viewer",
				"--backplane.security.roles.bob=admin")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		DcosBackupPluginIntegrationTests.awaitReady(service, port, log);
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
	void withoutATokenTheCliSaysToLogIn() {
		DcosBackupPluginIntegrationTests.Result result = cli(Map.of(), "list");
		assertThat(result.code()).as(result::err).isEqualTo(ExitCodes.UNAUTHENTICATED);
		assertThat(result.out()).isEmpty();
		assertThat(result.err()).startsWith("Error: ").contains("dcos auth login").hasLineCount(1);
	}

	@Test
	void aTokenSignedByAnotherKeyIsRefusedLikeNoToken() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String forged = token("bob", generator.generateKeyPair());
		DcosBackupPluginIntegrationTests.Result result = cli(Map.of("DCOS_ACS_TOKEN", forged), "list");
		assertThat(result.code()).as(result::err).isEqualTo(ExitCodes.UNAUTHENTICATED);
		assertThat(result.err()).doesNotContain(forged);
	}

	@Test
	void aViewerListsButMayNotCreate() throws Exception {
		Map<String, String> alice = Map.of("DCOS_ACS_TOKEN", token("alice", keys));
		DcosBackupPluginIntegrationTests.Result list = cli(alice, "list");
		assertThat(list.code()).as(list::err).isZero();
		DcosBackupPluginIntegrationTests.Result create = cli(alice, "create", "--label=e2e-viewer");
		assertThat(create.code()).as(create::err).isEqualTo(ExitCodes.FORBIDDEN);
		assertThat(create.out()).isEmpty();
		assertThat(create.err()).startsWith("Error: ").contains("operator").hasLineCount(1);
		assertThat(cli(alice, "list").out()).doesNotContain("e2e-viewer");
	}

	@Test
	void anAdminCreatesAndTheBackupRecordsWhoDidIt() throws Exception {
		Map<String, String> bob = Map.of("DCOS_ACS_TOKEN", token("bob", keys));
		DcosBackupPluginIntegrationTests.Result create = cli(bob, "create", "--label=e2e-admin", "--wait");
		assertThat(create.code()).as(create::err).isZero();
		assertThat(cli(bob, "list").out()).contains("e2e-admin-").contains("STATUS_READY");
		JsonNode listed = JSON.readTree(cli(bob, "list", "--json", "e2e-admin").out());
		String id = listed.get(0).get("id").asString();
		JsonNode shown = JSON.readTree(cli(bob, "show", "--json", id).out());
		assertThat(shown.get("createdBy").asString()).isEqualTo("bob");
	}

	private static DcosBackupPluginIntegrationTests.Result cli(Map<String, String> env, String... args) {
		return DcosBackupPluginIntegrationTests.cli(plugin, work, port, env, args);
	}

	/**
	 * A DC/OS login token: RS256, {@code uid} and {@code exp} claims, as the IAM signs
	 * them.
	 */
	private static String token(String uid, KeyPair signer) throws Exception {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String claims = base64.encodeToString(
				("{\"uid\":\"" + uid + "\",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}")
					.getBytes(StandardCharsets.UTF_8));
		Signature rsa = Signature.getInstance("SHA256withRSA");
		rsa.initSign(signer.getPrivate());
		rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
		return header + "." + claims + "." + base64.encodeToString(rsa.sign());
	}

}
