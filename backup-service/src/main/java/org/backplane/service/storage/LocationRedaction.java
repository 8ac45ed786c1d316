package org.backplane.service.storage;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Redacts secrets from location URIs: user info, and the values of query parameters whose
 * names look like secrets ({@code access_key}, {@code secret_key}, {@code sas},
 * {@code token}, {@code key}, ...).
 */
final class LocationRedaction {

	private static final Set<String> SECRET_WORDS = Set.of("key", "secret", "token", "sig", "sas", "password",
			"credential");

	private LocationRedaction() {
	}

	/**
	 * Redacts a location URI.
	 * @param uri the URI
	 * @return the URI as a string with secrets replaced by {@code ***}
	 */
	static String redact(URI uri) {
		StringBuilder out = new StringBuilder();
		if (uri.getScheme() != null) {
			out.append(uri.getScheme()).append(':');
		}
		if (uri.getRawAuthority() != null
				|| uri.getScheme() != null && uri.getRawSchemeSpecificPart().startsWith("//")) {
			out.append("//");
			if (uri.getRawUserInfo() != null) {
				out.append("***@");
			}
			if (uri.getHost() != null) {
				out.append(uri.getHost());
				if (uri.getPort() != -1) {
					out.append(':').append(uri.getPort());
				}
			}
			else if (uri.getRawAuthority() != null) {
				String authority = uri.getRawAuthority();
				int at = authority.lastIndexOf('@');
				out.append((at >= 0) ? authority.substring(at + 1) : authority);
			}
		}
		if (uri.getRawPath() != null) {
			out.append(uri.getRawPath());
		}
		if (uri.getRawQuery() != null) {
			out.append('?');
			String[] pairs = uri.getRawQuery().split("&");
			for (int i = 0; i < pairs.length; i++) {
				if (i > 0) {
					out.append('&');
				}
				int eq = pairs[i].indexOf('=');
				String name = (eq >= 0) ? pairs[i].substring(0, eq) : pairs[i];
				out.append(name);
				if (eq >= 0) {
					out.append('=').append(isSecret(name) ? "***" : pairs[i].substring(eq + 1));
				}
			}
		}
		return out.toString();
	}

	/**
	 * Tells whether a parameter name looks like it holds a secret.
	 * @param name a parameter or setting name
	 * @return {@code true} if its value must never be shown
	 */
	static boolean isSecret(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return SECRET_WORDS.stream().anyMatch(lower::contains);
	}

}
