package org.backplane.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.backplane.client.BackplaneApiException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the client maps HTTP answers to exceptions, sends credentials, finds the native API
 * and applies its TLS options. The statuses come from the JDK's HTTP server: a mapping
 * test, not a stand-in for Backplane (whose API is tested through this client in
 * backup-service's integration tests).
 */
class BackplaneClientTests {

	/**
	 * @param uri the base URI
	 * @return the builder under test (subclasses pick another transport)
	 */
	BackplaneClient.Builder builder(URI uri) {
		return BackplaneClient.builder(uri);
	}

	private static final String DCOS_LIST = "/system/v1/backup/v1/list";

	@TempDir
	Path temp;

	private HttpServer server;

	private final Map<String, String[]> answers = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	private URI start(HttpServer server) {
		this.server = server;
		server.createContext("/", (exchange) -> {
			this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
					+ exchange.getRequestHeaders().getFirst("Authorization"));
			String[] answer = this.answers.getOrDefault(exchange.getRequestURI().getPath(),
					new String[] { "404", "application/problem+json", "{\"title\":\"Not Found\",\"status\":404}" });
			byte[] body = answer[2].getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", answer[1]);
			exchange.sendResponseHeaders(Integer.parseInt(answer[0]), (body.length == 0) ? -1 : body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		String scheme = (server instanceof HttpsServer) ? "https" : "http";
		return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
	}

	private URI startHttp() throws IOException {
		return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
	}

	private void answer(String path, int status, String contentType, String body) {
		this.answers.put(path, new String[] { String.valueOf(status), contentType, body });
	}

	@Test
	void eachStatusClassHasItsKind() throws IOException {
		URI uri = startHttp();
		BackplaneClient client = builder(uri).build();
		Map<Integer, Kind> expected = Map.of(400, Kind.INVALID, 401, Kind.UNAUTHENTICATED, 403, Kind.FORBIDDEN, 404,
				Kind.NOT_FOUND, 409, Kind.CONFLICT, 422, Kind.INVALID, 503, Kind.UNAVAILABLE, 500, Kind.OTHER);
		expected.forEach((status, kind) -> {
			answer(DCOS_LIST, status, "application/json", "{\"errors\":[\"because " + status + "\"]}");
			assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> client.dcosList(null))
				.satisfies((ex) -> {
					assertThat(ex.getStatus()).isEqualTo(status);
					assertThat(ex.getKind()).isEqualTo(kind);
					assertThat(ex.getErrors()).containsExactly("because " + status);
					assertThat(ex.getReason()).isEqualTo("because " + status);
				});
		});
	}

	@Test
	void problemDetailsBecomeTitleAndDetail() throws IOException {
		URI uri = startHttp();
		answer("/api/v1/backups/x", 404, "application/problem+json",
				"{\"type\":\"https://backplane.dev/problems/backup-not-found\",\"title\":\"Backup not found\","
						+ "\"status\":404,\"detail\":\"No backup 'x'\"}");
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> builder(uri).build().getBackup("x"))
			.withMessage("Backup not found: No backup 'x'")
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(Kind.NOT_FOUND);
				assertThat(ex.getType()).isEqualTo("https://backplane.dev/problems/backup-not-found");
				assertThat(ex.getReason()).isEqualTo("No backup 'x'");
				assertThat(ex.isMissingRoute()).isFalse();
			});
	}

	@Test
	void roleRefusalNamesTheRequiredRoleOnTheNativeApiAndKeepsTheReasonOnTheDcosApi() throws IOException {
		URI uri = startHttp();
		answer("/api/v1/backups/b-1", 403, "application/problem+json",
				"{\"type\":\"https://backplane.dev/problems/role-required\",\"title\":\"Role required\","
						+ "\"status\":403,\"detail\":\"Forbidden: deleting a backup needs the admin role; bob is operator\","
						+ "\"requiredRole\":\"admin\",\"role\":\"operator\"}");
		answer(DCOS_LIST, 403, "application/json",
				"{\"errors\":[\"Forbidden: deleting a backup needs the admin role; bob is operator\"]}");
		BackplaneClient client = builder(uri).build();
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> client.deleteBackup("b-1"))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(Kind.FORBIDDEN);
				assertThat(ex.requiredRole()).contains("admin");
				assertThat(ex.getReason())
					.isEqualTo("Forbidden: deleting a backup needs the admin role; bob is operator");
			});
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> client.dcosList(null))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(Kind.FORBIDDEN);
				assertThat(ex.requiredRole()).isEmpty();
				assertThat(ex.getReason()).contains("needs the admin role");
			});
		answer(DCOS_LIST, 401, "application/problem+json",
				"{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"The token expired\"}");
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> client.dcosList(null))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(Kind.UNAUTHENTICATED);
				assertThat(ex.requiredRole()).isEmpty();
			});
	}

	@Test
	void nonJsonErrorBodyKeepsTheStatusOnly() throws IOException {
		URI uri = startHttp();
		answer(DCOS_LIST, 502, "text/html", "<html>Bad gateway</html>");
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> builder(uri).build().dcosList(null))
			.withMessage("HTTP 502")
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(Kind.UNAVAILABLE));
	}

	@Test
	void tokensAreSentAsDcosTokenOrBearer() throws IOException {
		URI uri = startHttp();
		answer(DCOS_LIST, 200, "application/json", "{}");
		assertThat(builder(uri).dcosToken("t1").build().dcosList(null)).isEmpty();
		builder(uri).bearerToken("t2").build().dcosList("a b");
		builder(uri).build().dcosList(null);
		assertThat(this.requests).containsExactly("GET " + DCOS_LIST + " token=t1",
				"GET " + DCOS_LIST + "?prefix=a%20b Bearer t2", "GET " + DCOS_LIST + " null");
	}

	@Test
	void behindAdminRouterTheNativeApiFallsBackToApiV1WhenTheRouteIsMissing() throws IOException {
		URI uri = startHttp();
		answer("/api/v1/backups/b-1", 200, "application/json", "{\"id\":\"b-1\",\"status\":\"STATUS_READY\"}");
		BackplaneClient client = builder(uri).adminRouter(true).build();
		assertThat(client.getBackup("b-1").id()).isEqualTo("b-1");
		assertThat(client.getBackup("b-1").id()).isEqualTo("b-1");
		assertThat(this.requests).containsExactly("GET /system/v1/backup/api/v1/backups/b-1 null",
				"GET /api/v1/backups/b-1 null", "GET /api/v1/backups/b-1 null");
	}

	@Test
	void behindAdminRouterABackplaneNotFoundDoesNotFallBack() throws IOException {
		URI uri = startHttp();
		answer("/system/v1/backup/api/v1/backups/b-1", 404, "application/problem+json",
				"{\"type\":\"https://backplane.dev/problems/backup-not-found\",\"title\":\"Backup not found\"}");
		BackplaneClient client = builder(uri).adminRouter(true).build();
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> client.getBackup("b-1"));
		assertThat(this.requests).containsExactly("GET /system/v1/backup/api/v1/backups/b-1 null");
	}

	@Test
	void closedPortIsUnreachable() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		URI uri = URI.create("http://127.0.0.1:" + port);
		assertThatExceptionOfType(BackplaneUnreachableException.class)
			.isThrownBy(() -> builder(uri).dcosToken("secret").build().dcosList(null))
			.withMessage("Cannot reach Backplane at " + uri + "/: connection refused")
			.satisfies((ex) -> assertThat(ex.getBaseUri()).isEqualTo(URI.create(uri + "/")));
	}

	@Test
	void rejectsUrlsThatAreNotHttpOrCarryCredentials() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> BackplaneClient.builder(URI.create("ftp://host")));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> BackplaneClient.builder(URI.create("http://user:pw@host")))
			.withMessageNotContaining("pw");
	}

	@Test
	void tlsIsVerifiedAgainstTheJvmTrustStoreACaFileOrSkippedWhenInsecure() throws Exception {
		Path keystore = this.temp.resolve("server.p12");
		Path certificate = this.temp.resolve("server.pem");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
				"-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keystore.toString(),
				"-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
		keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
				"-file", certificate.toString());
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, "changeit".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		https.setHttpsConfigurator(new HttpsConfigurator(context));
		URI uri = start(https);
		answer(DCOS_LIST, 200, "application/json", "{}");

		assertThatExceptionOfType(BackplaneUnreachableException.class)
			.isThrownBy(() -> builder(uri).build().dcosList(null))
			.withMessageContaining("TLS failed")
			.withMessageContaining("DCOS_TLS_CA_PATH");
		assertThat(builder(uri).trustedCertificates(certificate).build().dcosList(null)).isEmpty();
		assertThat(builder(uri).insecure(true).build().dcosList(null)).isEmpty();
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> builder(uri).trustedCertificates(this.temp.resolve("none.pem")).build())
			.withMessageContaining("none.pem");
	}

	private static void keytool(String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

}
