package org.backplane.client;

import java.net.URI;

/**
 * The same behaviour (status kinds, tokens, Admin Router fallback, unreachable ports, TLS
 * verification) with requests sent through {@code HttpURLConnection}, as the CLI sends
 * them.
 */
class LightweightBackplaneClientTests extends BackplaneClientTests {

	@Override
	BackplaneClient.Builder builder(URI uri) {
		return BackplaneClient.builder(uri).lightweight(true);
	}

}
