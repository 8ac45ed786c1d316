package org.backplane.service.storage;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A place where backups are stored: a name, a location URI and optional credentials.
 *
 * @param name the location's name, for example {@code default}
 * @param uri the location URI, e.g. {@code file:///var/lib/backplane}; may hold secrets
 * in its query, so never print it: use {@link #redactedUri()}
 * @param credentials adapter-specific credentials (may be empty, never {@code null});
 * never printed
 */
public record StorageLocation(String name, URI uri, Map<String, String> credentials) {

	public StorageLocation {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(uri, "uri");
		credentials = Map.copyOf((credentials != null) ? credentials : Map.of());
	}

	public StorageLocation(String name, URI uri) {
		this(name, uri, Map.of());
	}

	/**
	 * The URI with user info and the values of every query parameter that may hold a
	 * secret replaced by {@code ***}.
	 * @return a URI string safe to show and log
	 */
	public String redactedUri() {
		return LocationRedaction.redact(this.uri);
	}

	@Override
	public String toString() {
		return "StorageLocation[name=" + this.name + ", uri=" + redactedUri() + ", credentials="
				+ (this.credentials.isEmpty() ? "none" : "***") + "]";
	}

}
