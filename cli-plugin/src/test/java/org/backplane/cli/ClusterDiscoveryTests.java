package org.backplane.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClusterDiscoveryTests {

	private static final String ALPHA_ID = "3f2b5b6e-0000-4000-8000-00000000aaaa";

	private static final String BETA_ID = "9c1d7e4a-0000-4000-8000-00000000bbbb";

	@TempDir
	Path dcosDir;

	@TempDir
	Path home;

	private final Map<String, String> env = new HashMap<>();

	@BeforeEach
	void twoClusters() throws IOException {
		writeCluster(ALPHA_ID, """
				[core]
				dcos_url = "https://alpha.example.com"
				dcos_acs_token = "alpha-token"
				ssl_verify = "false"

				[cluster]
				name = "alpha"
				""");
		writeCluster(BETA_ID, """
				# the second cluster
				[core]
				dcos_url = "https://beta.example.com/"
				dcos_acs_token = 'beta-token'
				ssl_verify = "%s"
				[cluster]
				name = "beta"
				""".formatted(Files.writeString(this.home.resolve("beta-ca.crt"), "PEM").toString()));
		this.env.put("DCOS_DIR", this.dcosDir.toString());
	}

	private void writeCluster(String id, String toml) throws IOException {
		Path folder = Files.createDirectories(this.dcosDir.resolve("clusters").resolve(id));
		Files.writeString(folder.resolve("dcos.toml"), toml);
	}

	private Cluster discover() {
		return discover(ConnectionOptions.NONE);
	}

	private Cluster discover(ConnectionOptions options) {
		return ClusterDiscovery.discover(new TestContexts(this.env, this.home, false).context, options);
	}

	@Test
	void usesTheAttachedClustersDcosToml() throws IOException {
		Files.createFile(this.dcosDir.resolve("clusters").resolve(BETA_ID).resolve("attached"));
		Cluster cluster = discover();
		assertThat(cluster.url()).isEqualTo(URI.create("https://beta.example.com/"));
		assertThat(cluster.token()).isEqualTo("beta-token");
		assertThat(cluster.authScheme()).isEqualTo(Cluster.AuthScheme.TOKEN);
		assertThat(cluster.insecure()).isFalse();
		assertThat(cluster.caPath()).isEqualTo(this.home.resolve("beta-ca.crt"));
		assertThat(cluster.adminRouter()).isTrue();
		assertThat(cluster.origin()).contains("beta").contains(BETA_ID);
	}

	@Test
	void sslVerifyFalseMeansInsecure() throws IOException {
		Files.createFile(this.dcosDir.resolve("clusters").resolve(ALPHA_ID).resolve("attached"));
		Cluster cluster = discover();
		assertThat(cluster.url()).isEqualTo(URI.create("https://alpha.example.com"));
		assertThat(cluster.token()).isEqualTo("alpha-token");
		assertThat(cluster.insecure()).isTrue();
		assertThat(cluster.caPath()).isNull();
	}

	@Test
	void dcosClusterPicksAClusterByIdPrefixOrNameOverTheAttachedOne() throws IOException {
		Files.createFile(this.dcosDir.resolve("clusters").resolve(BETA_ID).resolve("attached"));
		this.env.put("DCOS_CLUSTER", "alpha");
		assertThat(discover().token()).isEqualTo("alpha-token");
		this.env.put("DCOS_CLUSTER", ALPHA_ID);
		assertThat(discover().token()).isEqualTo("alpha-token");
		this.env.put("DCOS_CLUSTER", "3f2b");
		assertThat(discover().token()).isEqualTo("alpha-token");
	}

	@Test
	void unknownDcosClusterIsAUsageError() {
		this.env.put("DCOS_CLUSTER", "gamma");
		assertThatExceptionOfType(CliException.class).isThrownBy(this::discover)
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ExitCodes.USAGE))
			.withMessageContaining("No cluster 'gamma'")
			.withMessageContaining("dcos cluster list");
	}

	@Test
	void twoClustersAndNoneAttachedIsAUsageErrorSayingWhatToDo() {
		assertThatExceptionOfType(CliException.class).isThrownBy(this::discover)
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ExitCodes.USAGE))
			.withMessageContaining("dcos cluster attach");
	}

	@Test
	void theOnlyClusterIsUsedEvenWhenNotAttached() throws IOException {
		Files.walk(this.dcosDir.resolve("clusters").resolve(ALPHA_ID))
			.sorted(java.util.Comparator.reverseOrder())
			.forEach((p) -> p.toFile().delete());
		assertThat(discover().token()).isEqualTo("beta-token");
	}

	@Test
	void noConfigurationAtAllIsAUsageError() {
		this.env.put("DCOS_DIR", this.home.resolve("nothing").toString());
		assertThatExceptionOfType(CliException.class).isThrownBy(this::discover)
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ExitCodes.USAGE))
			.withMessageContaining("--url")
			.withMessageContaining("DCOS_URL");
	}

	@Test
	void withoutDcosDirTheUsersDotDcosIsRead() throws IOException {
		this.env.remove("DCOS_DIR");
		Path folder = Files.createDirectories(this.home.resolve(".dcos/clusters/only"));
		Files.writeString(folder.resolve("dcos.toml"), "[core]\ndcos_url = \"http://home.example.com\"\n");
		Cluster cluster = discover();
		assertThat(cluster.url()).isEqualTo(URI.create("http://home.example.com"));
		assertThat(cluster.token()).isNull();
	}

	@Test
	void dcosUrlAndTokenFromTheEnvironmentWinOverDcosToml() {
		this.env.put("DCOS_URL", "https://env.example.com");
		this.env.put("DCOS_ACS_TOKEN", "env-token");
		this.env.put("DCOS_TLS_INSECURE", "1");
		Cluster cluster = discover();
		assertThat(cluster.url()).isEqualTo(URI.create("https://env.example.com"));
		assertThat(cluster.token()).isEqualTo("env-token");
		assertThat(cluster.authScheme()).isEqualTo(Cluster.AuthScheme.TOKEN);
		assertThat(cluster.insecure()).isTrue();
		assertThat(cluster.adminRouter()).isTrue();
	}

	@Test
	void tlsCaPathFromTheEnvironmentMustBeReadable() {
		this.env.put("DCOS_URL", "https://env.example.com");
		this.env.put("DCOS_TLS_CA_PATH", this.home.resolve("missing.crt").toString());
		assertThatExceptionOfType(CliException.class).isThrownBy(this::discover)
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ExitCodes.USAGE))
			.withMessageContaining("missing.crt");
	}

	@Test
	void urlOptionWinsAndNeverGetsTheDcosToken() {
		this.env.put("DCOS_URL", "https://env.example.com");
		this.env.put("DCOS_ACS_TOKEN", "env-token");
		Cluster cluster = discover(new ConnectionOptions("http://127.0.0.1:8080", null, null, false, null, null));
		assertThat(cluster.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
		assertThat(cluster.token()).isNull();
		assertThat(cluster.adminRouter()).isFalse();
		Cluster withToken = discover(new ConnectionOptions("http://127.0.0.1:8080", "mine", null, false, null, null));
		assertThat(withToken.token()).isEqualTo("mine");
		assertThat(withToken.authScheme()).isEqualTo(Cluster.AuthScheme.BEARER);
		assertThat(withToken.toString()).doesNotContain("mine");
	}

	@Test
	void tokenOptionReplacesTheDcosTokenAndAuthSchemeCanBeChosen() {
		this.env.put("DCOS_URL", "https://env.example.com");
		this.env.put("DCOS_ACS_TOKEN", "env-token");
		Cluster cluster = discover(new ConnectionOptions(null, "other", Cluster.AuthScheme.BEARER, false, null, null));
		assertThat(cluster.token()).isEqualTo("other");
		assertThat(cluster.authScheme()).isEqualTo(Cluster.AuthScheme.BEARER);
	}

	@Test
	void invalidUrlIsAUsageError() {
		assertThatExceptionOfType(CliException.class)
			.isThrownBy(() -> discover(new ConnectionOptions("ftp://x", null, null, false, null, null)))
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(ExitCodes.USAGE))
			.withMessageContaining("http://host[:port]");
	}

	@Test
	void tomlReadsStringsLiteralsAndBareValues() {
		assertThat(Toml.parse("""
				top = 1
				[core]
				a = "x \\"y\\" \\u00e9" # comment
				b = 'c:\\path'
				c = true
				[[commands]]
				name = "skipped"
				""")).containsExactly(Map.entry("top", "1"), Map.entry("core.a", "x \"y\" é"),
				Map.entry("core.b", "c:\\path"), Map.entry("core.c", "true"));
	}

}
