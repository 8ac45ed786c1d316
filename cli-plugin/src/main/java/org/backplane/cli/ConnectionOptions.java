package org.backplane.cli;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The connection options of the command line.
 *
 * @param url {@code --url}, or {@code null}
 * @param token {@code --token}, or {@code null}
 * @param authScheme {@code --auth-scheme}, or {@code null} for the source's default
 * @param insecure {@code --insecure}
 * @param caPath {@code --ca-path}, or {@code null}
 * @param timeout {@code --timeout}
 */
record ConnectionOptions(String url, String token, Cluster.AuthScheme authScheme, boolean insecure, Path caPath,
		Duration timeout) {

	/** No option given. */
	static final ConnectionOptions NONE = new ConnectionOptions(null, null, null, false, null, Duration.ofSeconds(60));

	@Override
	public String toString() {
		return "ConnectionOptions[url=" + this.url + ", token=" + ((this.token != null) ? "<set>" : "<none>") + "]";
	}

}
