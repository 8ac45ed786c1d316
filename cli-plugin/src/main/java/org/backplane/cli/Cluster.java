package org.backplane.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.backplane.client.BackplaneClient;

/**
 * Where and how to reach Backplane, as {@link ClusterDiscovery} found it.
 * {@link #toString()} never shows the token.
 *
 * @param url the service's or the DC/OS cluster's URL
 * @param token the token, or {@code null} for none
 * @param authScheme how the token is sent
 * @param insecure whether TLS verification is skipped
 * @param caPath PEM certificates to trust instead of the JVM's, or {@code null}
 * @param adminRouter whether {@code url} is a DC/OS cluster (Backplane under
 * {@code /system/v1/backup/})
 * @param origin where the settings came from, for messages (e.g. {@code DCOS_URL})
 */
record Cluster(URI url, String token, AuthScheme authScheme, boolean insecure, Path caPath, boolean adminRouter,
		String origin) {

	/**
	 * Builds a client for this cluster.
	 * @param requestTimeout how long to wait for each answer
	 * @return the client
	 */
	BackplaneClient client(Duration requestTimeout) {
		BackplaneClient.Builder builder = BackplaneClient.builder(this.url)
			.insecure(this.insecure)
			.trustedCertificates(this.caPath)
			.adminRouter(this.adminRouter)
			// HttpURLConnection: no selector thread, so the JVM exits at once
			// (docs/benchmarks.md, CLI startup)
			.lightweight(true)
			.requestTimeout(requestTimeout)
			.connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, requestTimeout.toSeconds()))));
		if (this.token != null) {
			if (this.authScheme == AuthScheme.BEARER) {
				builder.bearerToken(this.token);
			}
			else {
				builder.dcosToken(this.token);
			}
		}
		return builder.build();
	}

	@Override
	public String toString() {
		return "Cluster[url=" + this.url + ", token=" + ((this.token != null) ? "<set>" : "<none>") + ", authScheme="
				+ this.authScheme + ", insecure=" + this.insecure + ", caPath=" + this.caPath + ", adminRouter="
				+ this.adminRouter + ", origin=" + this.origin + "]";
	}

	/**
	 * How a token goes on the wire.
	 */
	enum AuthScheme {

		/**
		 * {@code Authorization: token=<t>}, what DC/OS Admin Router expects of an ACS
		 * token.
		 */
		TOKEN,

		/**
		 * {@code Authorization: Bearer <t>}, for a Backplane behind an OAuth2 proxy or
		 * resource server.
		 */
		BEARER

	}

}
