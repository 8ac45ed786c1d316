package org.backplane.zookeeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The client's TLS settings against a real ZooKeeper server that only speaks mutual TLS
 * (a {@code secureClientPort} on Netty, {@code ssl.clientAuth=need}, certificates made by
 * the JDK's {@code keytool}). The server runs in its own JVM: ZooKeeper reads its TLS
 * settings from {@code zookeeper.ssl.*} system properties, which a client in the same JVM
 * would read as defaults too, so a client without a trust store would pass for the wrong
 * reason.
 */
class ZooKeeperTlsIntegrationTests {

	private static final String PASSWORD = "test-store-secret";

	@TempDir
	static Path dir;

	private static ZooKeeperProcess server;

	private static int port;

	private static Path trustStore;

	private static Path clientKeyStore;

	@BeforeAll
	static void startTlsServer() throws Exception {
		Path keyStore = dir.resolve("server.p12");
		trustStore = dir.resolve("trust.p12");
		Path certificate = dir.resolve("server.crt");
		clientKeyStore = dir.resolve("client.p12");
		Path serverTrustStore = dir.resolve("server-trust.p12");
		Path clientCertificate = dir.resolve("client.crt");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
				"CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-file",
				certificate.toString());
		keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(), "-storetype", "PKCS12",
				"-keystore", trustStore.toString(), "-storepass", PASSWORD);
		keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
				"CN=backplane", "-storetype", "PKCS12", "-keystore", clientKeyStore.toString(), "-storepass", PASSWORD,
				"-keypass", PASSWORD);
		keytool("-exportcert", "-alias", "client", "-keystore", clientKeyStore.toString(), "-storepass", PASSWORD,
				"-file", clientCertificate.toString());
		keytool("-importcert", "-noprompt", "-alias", "client", "-file", clientCertificate.toString(), "-storetype",
				"PKCS12", "-keystore", serverTrustStore.toString(), "-storepass", PASSWORD);
		port = ZooKeeperProcess.freePort();
		server = ZooKeeperProcess.start(dir, System.getProperty("java.class.path"),
				List.of("-Dzookeeper.serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory"), port,
				List.of("secureClientPort=" + port, "secureClientPortAddress=127.0.0.1", "admin.enableServer=false",
						"ssl.clientAuth=need", "ssl.keyStore.location=" + keyStore, "ssl.keyStore.password=" + PASSWORD,
						"ssl.keyStore.type=PKCS12", "ssl.trustStore.location=" + serverTrustStore,
						"ssl.trustStore.password=" + PASSWORD, "ssl.trustStore.type=PKCS12"));
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void backsUpAndRestoresOverMutualTls() throws Exception {
		try (CuratorFramework client = ZooKeeperClients.connect(settings(tls(clientKeyStore, trustStore, true)))) {
			client.create().creatingParentsIfNeeded().forPath("/tls/a/b", "over tls".getBytes(StandardCharsets.UTF_8));
			client.create().withMode(CreateMode.PERSISTENT).forPath("/tls/c", new byte[0]);
			ByteArrayOutputStream artifact = new ByteArrayOutputStream();
			ZooKeeperBackup.Result written = ZooKeeperBackup.write(client,
					ZooKeeperBackup.Options.of("/tls", List.of()), artifact, ZooKeeperProgress.NONE);
			assertThat(written.znodes()).isEqualTo(4);
			ZooKeeperRestore.read(client, new ByteArrayInputStream(artifact.toByteArray()),
					ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS).withTargetPath("/copy"),
					ZooKeeperProgress.NONE);
			assertThat(new String(client.getData().forPath("/copy/a/b"), StandardCharsets.UTF_8)).isEqualTo("over tls");
			assertThat(client.getChildren().forPath("/copy")).containsExactlyInAnyOrder("a", "c");
		}
	}

	@Test
	void refusesAServerItCannotTrustNamingTls() {
		// the JVM's default trust store does not hold the test certificate
		ZooKeeperClients.Settings untrusted = settings(tls(clientKeyStore, null, true));
		assertThatIOException().isThrownBy(() -> ZooKeeperClients.connect(untrusted).close())
			.withMessageContaining("127.0.0.1:" + port)
			.withMessageContaining("speak TLS")
			.withMessageNotContaining(PASSWORD);
	}

	@Test
	void withoutItsKeyStoreTheClientIsRefusedByAServerThatWantsOne() {
		ZooKeeperClients.Settings withoutKey = settings(tls(null, trustStore, true));
		assertThatIOException().isThrownBy(() -> ZooKeeperClients.connect(withoutKey).close())
			.withMessageContaining("speak TLS");
	}

	@Test
	void aPlainClientDoesNotConnectToATlsPort() {
		assertThatIOException().isThrownBy(() -> ZooKeeperClients.connect(settings(null)).close())
			.withMessageContaining("Cannot connect to ZooKeeper at 127.0.0.1:" + port);
	}

	private static ZooKeeperClients.Settings settings(ZooKeeperClients.Tls tls) {
		return new ZooKeeperClients.Settings("127.0.0.1:" + port, Duration.ofSeconds(30), Duration.ofSeconds(5), null,
				tls);
	}

	private static ZooKeeperClients.Tls tls(Path keyStore, Path trustStore, boolean hostnameVerification) {
		return new ZooKeeperClients.Tls(true, (keyStore != null) ? keyStore.toString() : null,
				(keyStore != null) ? PASSWORD : null, (keyStore != null) ? "PKCS12" : null,
				(trustStore != null) ? trustStore.toString() : null, (trustStore != null) ? PASSWORD : null,
				(trustStore != null) ? "PKCS12" : null, hostnameVerification);
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		File log = dir.resolve("keytool.log").toFile();
		Process keytool = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
			throw new IllegalStateException("keytool " + arguments[0] + " failed:\n" + Files.readString(log.toPath()));
		}
	}

}
