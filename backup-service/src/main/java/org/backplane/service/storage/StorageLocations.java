package org.backplane.service.storage;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;

import org.springframework.stereotype.Component;

/**
 * The configured storage locations and their providers, built and checked at start-up: the default one
 * ({@code backplane.storage.location}, named {@code default}) and any named ones
 * ({@code backplane.storage.locations.<name>}). A backup records the name of its location; restore and
 * delete use it.
 */
@Component
public class StorageLocations implements org.springframework.beans.factory.DisposableBean {

	/** The name of the location given by {@code backplane.storage.location}. */
	public static final String DEFAULT = "default";

	private static final Log logger = LogFactory.getLog(StorageLocations.class);

	private final Map<String, Entry> locations;

	private final String defaultName;

	StorageLocations(BackplaneProperties properties, List<StorageProviderFactory> factories) {
		Map<String, StorageProviderFactory> byScheme = new TreeMap<>();
		for (StorageProviderFactory factory : factories) {
			for (String scheme : factory.schemes()) {
				byScheme.put(scheme, factory);
			}
		}
		Map<String, Entry> entries = new LinkedHashMap<>();
		BackplaneProperties.Storage storage = properties.storage();
		if (!storage.locations().containsKey(DEFAULT)) {
			entries.put(DEFAULT, create(new StorageLocation(DEFAULT, properties.defaultLocationUri()), byScheme,
					"backplane.storage.location"));
		}
		storage.locations().forEach((name, named) -> entries.put(name,
				create(new StorageLocation(name, named.uri(), named.credentials()), byScheme,
						"backplane.storage.locations." + name + ".uri")));
		if (!entries.containsKey(storage.defaultLocation())) {
			throw new IllegalStateException("backplane.storage.default-location names '" + storage.defaultLocation()
					+ "', which is not configured: use one of " + entries.keySet());
		}
		this.locations = Collections.unmodifiableMap(entries);
		this.defaultName = storage.defaultLocation();
		this.locations.values()
			.forEach((entry) -> logger.info("Storage location configured: name=" + entry.location().name() + " uri="
					+ entry.location().redactedUri()));
	}

	private static Entry create(StorageLocation location, Map<String, StorageProviderFactory> byScheme, String key) {
		String scheme = location.uri().getScheme();
		StorageProviderFactory factory = (scheme != null) ? byScheme.get(scheme.toLowerCase(java.util.Locale.ROOT)) : null;
		if (factory == null) {
			throw new IllegalStateException("Unsupported storage location in " + key + ": " + location.redactedUri()
					+ " — use one of the schemes " + byScheme.keySet());
		}
		try {
			return new Entry(location, factory.create(location));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid storage location in " + key + " (" + location.redactedUri()
					+ "): " + ex.getMessage(), ex);
		}
	}

	/**
	 * @return the name of the location used when a request names none
	 */
	public String defaultName() {
		return this.defaultName;
	}

	/**
	 * @param name a location's name, or {@code null} for the default
	 * @return the location
	 * @throws UnknownStorageLocationException if there is none by that name
	 */
	public StorageLocation location(String name) {
		return entry(name).location();
	}

	/**
	 * @param name a location's name, or {@code null} for the default
	 * @return its provider
	 * @throws UnknownStorageLocationException if there is none by that name
	 */
	public StorageProvider provider(String name) {
		return entry(name).provider();
	}

	/**
	 * @return every location, default first
	 */
	public Collection<StorageLocation> all() {
		return this.locations.values().stream().map(Entry::location).toList();
	}

	/**
	 * Closes the providers that hold clients (S3, Azure).
	 */
	@Override
	public void destroy() {
		for (Entry entry : this.locations.values()) {
			if (entry.provider() instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					logger.warn("Closing storage location failed: name=" + entry.location().name() + " reason="
							+ ex.getMessage());
				}
			}
		}
	}

	/**
	 * Checks whether a location answers now, by asking whether a probe key exists.
	 * @param name the location's name
	 * @return the outcome; the error, if any, names the failure without secrets
	 */
	public Probe probe(String name) {
		try {
			StorageProvider provider = entry(name).provider();
			if (provider instanceof StorageReachability reachability) {
				reachability.checkReachable();
			}
			else {
				provider.exists(StorageLayout.BACKUPS + ".probe");
			}
			return new Probe(true, null);
		}
		catch (Exception ex) {
			return new Probe(false, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	/**
	 * The outcome of {@link #probe(String)}.
	 *
	 * @param reachable whether the location answered
	 * @param error why not, or {@code null}
	 */
	public record Probe(boolean reachable, String error) {
	}

	private Entry entry(String name) {
		String key = (name != null) ? name : this.defaultName;
		Entry entry = this.locations.get(key);
		if (entry == null) {
			throw new UnknownStorageLocationException(key, this.locations.keySet());
		}
		return entry;
	}

	private record Entry(StorageLocation location, StorageProvider provider) {
	}

}
