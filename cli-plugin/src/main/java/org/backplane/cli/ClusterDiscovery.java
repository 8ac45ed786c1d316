package org.backplane.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the Backplane to talk to, first match wins:
 * <ol>
 * <li>{@code --url} (and {@code --token}, sent as {@code Bearer}): a plain Backplane. The
 * DC/OS token is never sent to a URL given on the command line.</li>
 * <li>{@code DCOS_URL} and {@code DCOS_ACS_TOKEN}, which the DC/OS CLI sets for its
 * plugins; the token is sent as {@code token=<t>} and the URL is taken for a DC/OS
 * cluster.</li>
 * <li>The DC/OS CLI's configuration:
 * {@code <DCOS_DIR or ~/.dcos>/clusters/<id>/dcos.toml} of the cluster named by
 * {@code DCOS_CLUSTER} (its id, an unambiguous id prefix, or its name), else of the
 * attached cluster (the one whose folder holds an {@code attached} file), else of the
 * only cluster. Keys {@code core.dcos_url}, {@code core.dcos_acs_token},
 * {@code core.ssl_verify} ({@code true}, {@code false}, or the path of a CA bundle).</li>
 * </ol>
 * TLS: {@code --insecure}/{@code --ca-path} win over
 * {@code DCOS_TLS_INSECURE}/{@code DCOS_TLS_CA_PATH}, which win over
 * {@code core.ssl_verify}. {@code --token} replaces the token of whichever source gave
 * the URL; {@code --auth-scheme} changes how it is sent.
 */
final class ClusterDiscovery {

	private ClusterDiscovery() {
	}

	/**
	 * Finds the cluster.
	 * @param context the environment and home folder
	 * @param options the command line's connection options
	 * @return the cluster
	 * @throws CliException with {@link ExitCodes#USAGE} when nothing is configured or the
	 * configuration is wrong
	 */
	static Cluster discover(CliContext context, ConnectionOptions options) {
		Cluster found;
		if (options.url() != null) {
			found = new Cluster(parseUrl(options.url(), "--url"), null, Cluster.AuthScheme.BEARER, false, null, false,
					"--url");
		}
		else if (context.getenv("DCOS_URL") != null) {
			found = new Cluster(parseUrl(context.getenv("DCOS_URL"), "DCOS_URL"), context.getenv("DCOS_ACS_TOKEN"),
					Cluster.AuthScheme.TOKEN, false, null, true, "DCOS_URL");
		}
		else {
			found = fromDcosToml(context);
		}
		boolean insecure = found.insecure();
		Path caPath = found.caPath();
		if (context.getenv("DCOS_TLS_INSECURE") != null || context.getenv("DCOS_TLS_CA_PATH") != null) {
			insecure = isTrue(context.getenv("DCOS_TLS_INSECURE"));
			caPath = (context.getenv("DCOS_TLS_CA_PATH") != null) ? Path.of(context.getenv("DCOS_TLS_CA_PATH")) : null;
		}
		if (options.insecure() || options.caPath() != null) {
			insecure = options.insecure();
			caPath = options.caPath();
		}
		if (caPath != null && !insecure && !Files.isReadable(caPath)) {
			throw new CliException(ExitCodes.USAGE, "Cannot read the CA certificates " + caPath
					+ ": point --ca-path, DCOS_TLS_CA_PATH or core.ssl_verify at a readable PEM file");
		}
		String token = (options.token() != null) ? options.token() : found.token();
		Cluster.AuthScheme scheme = (options.authScheme() != null) ? options.authScheme() : found.authScheme();
		return new Cluster(found.url(), token, scheme, insecure, insecure ? null : caPath, found.adminRouter(),
				found.origin());
	}

	private static Cluster fromDcosToml(CliContext context) {
		Path root = (context.getenv("DCOS_DIR") != null) ? Path.of(context.getenv("DCOS_DIR"))
				: context.userHome().resolve(".dcos");
		Path clusters = root.resolve("clusters");
		List<Path> folders = clusterFolders(clusters);
		if (folders.isEmpty()) {
			throw new CliException(ExitCodes.USAGE, "No cluster configured: pass --url=<backplane url>, set DCOS_URL, "
					+ "or set up a DC/OS cluster with 'dcos cluster setup <url>' (looked in " + clusters + ")");
		}
		String wanted = context.getenv("DCOS_CLUSTER");
		Path chosen;
		if (wanted != null) {
			chosen = pick(folders, wanted, clusters);
		}
		else {
			List<Path> attached = folders.stream().filter((f) -> Files.exists(f.resolve("attached"))).toList();
			if (attached.size() == 1) {
				chosen = attached.get(0);
			}
			else if (attached.isEmpty() && folders.size() == 1) {
				chosen = folders.get(0);
			}
			else {
				throw new CliException(ExitCodes.USAGE, "No cluster is attached (" + folders.size() + " configured in "
						+ clusters + "): run 'dcos cluster attach <name>' or set DCOS_CLUSTER");
			}
		}
		Path toml = chosen.resolve("dcos.toml");
		Map<String, String> config;
		try {
			config = Toml.parse(Files.readString(toml, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.USAGE, "Cannot read " + toml + ": " + ex.getMessage());
		}
		String url = config.get("core.dcos_url");
		if (url == null || url.isBlank()) {
			throw new CliException(ExitCodes.USAGE,
					"No core.dcos_url in " + toml + ": run 'dcos cluster setup <url>' again or pass --url");
		}
		String sslVerify = config.getOrDefault("core.ssl_verify", "true");
		boolean insecure = sslVerify.equalsIgnoreCase("false");
		Path caPath = (insecure || sslVerify.equalsIgnoreCase("true")) ? null : Path.of(sslVerify);
		String token = config.get("core.dcos_acs_token");
		String name = config.getOrDefault("cluster.name", chosen.getFileName().toString());
		return new Cluster(parseUrl(url, "core.dcos_url in " + toml),
				(token != null && !token.isBlank()) ? token : null, Cluster.AuthScheme.TOKEN, insecure, caPath, true,
				"cluster '" + name + "' (" + toml + ")");
	}

	private static Path pick(List<Path> folders, String wanted, Path clusters) {
		List<Path> byId = folders.stream().filter((f) -> f.getFileName().toString().equals(wanted)).toList();
		if (byId.size() == 1) {
			return byId.get(0);
		}
		List<Path> matches = new ArrayList<>();
		for (Path folder : folders) {
			String id = folder.getFileName().toString();
			if (id.startsWith(wanted) || wanted.equals(clusterName(folder))) {
				matches.add(folder);
			}
		}
		if (matches.size() == 1) {
			return matches.get(0);
		}
		throw new CliException(ExitCodes.USAGE, (matches.isEmpty() ? "No cluster '" : "More than one cluster matches '")
				+ wanted + "' (DCOS_CLUSTER) in " + clusters + ": use a cluster id or name from 'dcos cluster list'");
	}

	private static String clusterName(Path folder) {
		try {
			return Toml.parse(Files.readString(folder.resolve("dcos.toml"), StandardCharsets.UTF_8))
				.get("cluster.name");
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static List<Path> clusterFolders(Path clusters) {
		if (!Files.isDirectory(clusters)) {
			return List.of();
		}
		try (Stream<Path> children = Files.list(clusters)) {
			return children.filter((f) -> Files.isRegularFile(f.resolve("dcos.toml"))).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + clusters, ex);
		}
	}

	private static URI parseUrl(String url, String source) {
		try {
			URI uri = new URI(url.strip());
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
				throw new IllegalArgumentException();
			}
			if (uri.getUserInfo() != null) {
				throw new CliException(ExitCodes.USAGE,
						"Do not put credentials in the URL (" + source + "): pass a token with --token");
			}
			return uri;
		}
		catch (java.net.URISyntaxException | IllegalArgumentException ex) {
			throw new CliException(ExitCodes.USAGE,
					"Invalid URL '" + url + "' (" + source + "): use http://host[:port] or https://host[:port]");
		}
	}

	private static boolean isTrue(String value) {
		return value != null && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
	}

}
