package org.backplane.service.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.backplane.service.support.Ids;

/**
 * The query parameters of a location URI ({@code ?region=us-east-1&endpoint=...}),
 * decoded (a literal {@code +} stays a {@code +}, so keys holding one survive), for the
 * adapters' factories. Messages name parameters, never their values.
 */
public final class LocationParameters {

	private final Map<String, String> values;

	private LocationParameters(Map<String, String> values) {
		this.values = values;
	}

	/**
	 * Parses a location's query.
	 * @param uri the location URI
	 * @return its parameters, empty if it has no query
	 * @throws IllegalArgumentException if a parameter is given twice or has no name
	 */
	public static LocationParameters of(URI uri) {
		Map<String, String> values = new LinkedHashMap<>();
		String query = uri.getRawQuery();
		if (query != null && !query.isEmpty()) {
			for (String pair : query.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				String name = decode((eq >= 0) ? pair.substring(0, eq) : pair);
				String value = (eq >= 0) ? decode(pair.substring(eq + 1)) : "";
				if (name.isEmpty()) {
					throw new IllegalArgumentException("Location has a query parameter without a name");
				}
				if (values.putIfAbsent(name, value) != null) {
					throw new IllegalArgumentException("Location parameter '" + name + "' is given more than once");
				}
			}
		}
		return new LocationParameters(Collections.unmodifiableMap(values));
	}

	private static String decode(String raw) {
		try {
			return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Location query has a bad %-escape");
		}
	}

	/**
	 * Rejects parameters the adapter does not know.
	 * @param adapter the adapter's name for the message, e.g. {@code s3}
	 * @param known the names it takes
	 * @return this
	 * @throws IllegalArgumentException naming the unknown parameters and the known ones
	 */
	public LocationParameters requireOnly(String adapter, Set<String> known) {
		Set<String> unknown = new TreeSet<>(this.values.keySet());
		unknown.removeAll(known);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown parameter(s) for an " + adapter + " location: "
					+ Ids.names(unknown) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
		}
		return this;
	}

	/**
	 * A parameter's value.
	 * @param name the name
	 * @return the value, or {@code null} if not given; an empty value counts as not given
	 */
	public String get(String name) {
		String value = this.values.get(name);
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * A yes/no parameter.
	 * @param name the name
	 * @param defaultValue the value when not given
	 * @return the value
	 * @throws IllegalArgumentException if it is not {@code true} or {@code false}
	 */
	public boolean getBoolean(String name, boolean defaultValue) {
		String value = get(name);
		if (value == null) {
			return defaultValue;
		}
		if (value.equalsIgnoreCase("true")) {
			return true;
		}
		if (value.equalsIgnoreCase("false")) {
			return false;
		}
		throw new IllegalArgumentException("Location parameter '" + name + "' must be true or false");
	}

	/**
	 * Checks a location's credentials map and keys it by the adapter's canonical names.
	 * Names are matched ignoring case and any character that is not a letter or digit, so
	 * {@code AWS_ACCESS_KEY_ID}, {@code aws-access-key-id} and {@code awsaccesskeyid}
	 * (what Spring's relaxed binding makes of an unbracketed map key) are the same
	 * credential. Empty values count as not given.
	 * @param adapter the adapter's name for the message, e.g. {@code s3}
	 * @param credentials the location's credentials
	 * @param known the canonical names the adapter takes, e.g. {@code AWS_ACCESS_KEY_ID}
	 * @return the credentials by canonical name
	 * @throws IllegalArgumentException naming the unknown credentials (never their
	 * values)
	 */
	public static Map<String, String> credentials(String adapter, Map<String, String> credentials, Set<String> known) {
		Map<String, String> byLooseName = new LinkedHashMap<>();
		for (String name : known) {
			byLooseName.put(loose(name), name);
		}
		Map<String, String> result = new LinkedHashMap<>();
		Set<String> unknown = new TreeSet<>();
		credentials.forEach((name, value) -> {
			String canonical = byLooseName.get(loose(name));
			if (canonical == null) {
				unknown.add(name);
			}
			else if (value != null && !value.isEmpty()) {
				if (result.put(canonical, value) != null) {
					throw new IllegalArgumentException("Credential " + canonical + " is given more than once");
				}
			}
		});
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown credential(s) for an " + adapter + " location: "
					+ Ids.names(unknown) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
		}
		return Collections.unmodifiableMap(result);
	}

	/**
	 * A credential's name as adapters match it: upper case, letters and digits only.
	 * @param name a name, e.g. {@code aws-access-key-id}
	 * @return e.g. {@code AWSACCESSKEYID}
	 */
	public static String loose(String name) {
		StringBuilder out = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				out.append(Character.toUpperCase(c));
			}
		}
		return out.toString();
	}

	/**
	 * The names given.
	 * @return the names, in order
	 */
	public Set<String> names() {
		return this.values.keySet();
	}

	/**
	 * Checks what no adapter's location URI may have: an opaque form ({@code s3:bucket}),
	 * user info before the host (credentials there would be copied wherever the URI
	 * goes), a fragment.
	 * @param uri the location
	 * @param scheme the adapter's scheme, e.g. {@code s3}
	 * @param example what such a location looks like, for the message
	 * @param authority what the URI's authority names, e.g. {@code the bucket}
	 * @param credentialsHint where credentials go instead, for the message
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static void checkShape(URI uri, String scheme, String example, String authority, String credentialsHint) {
		if (!scheme.equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
			throw new IllegalArgumentException("An " + scheme + " location looks like " + example);
		}
		if (uri.getRawUserInfo() != null) {
			throw new IllegalArgumentException("An " + scheme + " location must not carry credentials before "
					+ authority + ": " + credentialsHint);
		}
		if (uri.getRawFragment() != null) {
			throw new IllegalArgumentException("An " + scheme + " location must not have a fragment ('#...')");
		}
	}

	/**
	 * Parses a server endpoint given as a parameter: an {@code http} or {@code https} URL
	 * with a host and neither user info nor a query.
	 * @param value the parameter's value
	 * @param what the endpoint's name for the message, e.g. {@code S3 endpoint}
	 * @param example an endpoint, for the message
	 * @param noQueryHint added to the message about user info or a query, or {@code ""}
	 * @return the endpoint
	 * @throws IllegalArgumentException naming what is wrong (never echoing the value)
	 */
	public static URI httpEndpoint(String value, String what, String example, String noQueryHint) {
		URI endpoint;
		try {
			endpoint = new URI(value);
		}
		catch (URISyntaxException ex) {
			endpoint = null;
		}
		if (endpoint == null || endpoint.getScheme() == null
				|| !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
				|| endpoint.getHost() == null) {
			throw new IllegalArgumentException("Invalid " + what + ": it must be a URL like " + example);
		}
		if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null) {
			throw new IllegalArgumentException("An " + what + " must not have user info or a query" + noQueryHint);
		}
		return endpoint;
	}

	/**
	 * An endpoint as it is shown and compared: scheme and host in lower case, the port
	 * only when it is not the scheme's default, the path without a trailing {@code /}.
	 * @param endpoint an {@code http} or {@code https} URL with a host
	 * @return e.g. {@code http://127.0.0.1:9000} or
	 * {@code http://127.0.0.1:10000/devstoreaccount1}
	 */
	public static String normalEndpoint(URI endpoint) {
		String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
		StringBuilder out = new StringBuilder(scheme).append("://").append(endpoint.getHost().toLowerCase(Locale.ROOT));
		int port = endpoint.getPort();
		if (port != -1 && !(scheme.equals("http") && port == 80) && !(scheme.equals("https") && port == 443)) {
			out.append(':').append(port);
		}
		String path = (endpoint.getRawPath() != null) ? endpoint.getRawPath() : "";
		while (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return out.append(path).toString();
	}

	/**
	 * The first value that is neither {@code null} nor empty: a credentials-map entry
	 * before a URI part or parameter before a default.
	 * @param values the candidates, in order of precedence
	 * @return the first one set, or {@code null}
	 */
	public static String firstOf(String... values) {
		for (String value : values) {
			if (value != null && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

}
