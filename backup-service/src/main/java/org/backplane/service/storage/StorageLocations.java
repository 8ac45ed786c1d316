package org.backplane.service.storage;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The configured storage locations and their providers, built and checked at start-up:
 * the default one ({@code backplane.storage.location}, named {@code default}) and any
 * named ones ({@code backplane.storage.locations.<name>}). A backup records the name of
 * its location; restore and delete use it.
 */
@Component
public class StorageLocations implements DisposableBean {

	/** The name of the location given by {@code backplane.storage.location}. */
	public static final String DEFAULT = "default";

	/**
	 * The per-request parameters that choose where a backup lives, as
	 * {@link LocationParameters#loose} names.
	 */
	private static final Set<String> PLACEMENT = Set.of("S3BUCKETNAME", "S3ENDPOINTURL", "AWSREGION", "CONTAINERNAME",
			"AZURESTORAGEACCOUNT", "AZURESTORAGEENDPOINT");

	private static final Log logger = LogFactory.getLog(StorageLocations.class);

	private final Map<String, Entry> locations;

	private final String defaultName;

	private final Map<String, StorageProviderFactory> factories;

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
		storage.locations()
			.forEach((name, named) -> entries.put(name,
					create(new StorageLocation(name, named.uri(), named.credentials()), byScheme,
							"backplane.storage.locations." + name + ".uri")));
		if (!entries.containsKey(storage.defaultLocation())) {
			throw new IllegalStateException("backplane.storage.default-location names '" + storage.defaultLocation()
					+ "', which is not configured: use one of " + entries.keySet());
		}
		this.locations = Collections.unmodifiableMap(entries);
		this.defaultName = storage.defaultLocation();
		this.factories = byScheme;
		this.locations.values()
			.forEach((entry) -> logger.info("Storage location configured: name=" + entry.location().name() + " uri="
					+ entry.location().redactedUri()));
		TransferMemory memory = transferMemory(properties.runner().threads(), Runtime.getRuntime().maxMemory());
		if (memory.tooSmall()) {
			logger.warn(memory.describe());
		}
		else {
			logger.info(memory.describe());
		}
	}

	/**
	 * The heap the runner's jobs may need at once with the configured locations.
	 * @param threads {@code backplane.runner.threads}
	 * @param maxHeap the heap limit
	 * @return the sum, from the location whose provider holds the most per transfer
	 */
	TransferMemory transferMemory(int threads, long maxHeap) {
		TransferMemory most = null;
		for (Entry entry : this.locations.values()) {
			String scheme = entry.location().uri().getScheme().toLowerCase(Locale.ROOT);
			long perJob = this.factories.get(scheme).transferMemory();
			if (most == null || perJob > most.perJob()) {
				most = new TransferMemory(perJob, entry.location().name(), scheme, threads, maxHeap);
			}
		}
		return most;
	}

	private static Entry create(StorageLocation location, Map<String, StorageProviderFactory> byScheme, String key) {
		String scheme = location.uri().getScheme();
		StorageProviderFactory factory = (scheme != null) ? byScheme.get(scheme.toLowerCase(Locale.ROOT)) : null;
		if (factory == null) {
			throw new IllegalStateException("Unsupported storage location in " + key + ": " + location.redactedUri()
					+ " — use one of the schemes " + byScheme.keySet());
		}
		try {
			return new Entry(location, factory.create(location));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"Invalid storage location in " + key + " (" + location.redactedUri() + "): " + ex.getMessage(), ex);
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
	 * A provider for a location, with per-request credentials taking precedence over the
	 * location's own. Without per-request credentials it is the location's shared
	 * provider; with them a new one, closed with the lease.
	 * @param name a location's name, or {@code null} for the default
	 * @param parameters per-request credentials, possibly empty
	 * @return the lease, to close when done
	 * @throws UnknownStorageLocationException if there is no such location
	 * @throws IllegalArgumentException if a parameter is not one the location's adapter
	 * knows (the message names keys, never values)
	 */
	public Lease lease(String name, Map<String, String> parameters) {
		Entry entry = entry(name);
		if (parameters == null || parameters.isEmpty()) {
			return new Lease(entry.provider(), false);
		}
		Map<String, String> credentials = new LinkedHashMap<>(entry.location().credentials());
		Set<String> overridden = new java.util.HashSet<>();
		parameters.keySet().forEach((key) -> overridden.add(LocationParameters.loose(key)));
		credentials.keySet().removeIf((key) -> overridden.contains(LocationParameters.loose(key)));
		credentials.putAll(parameters);
		StorageLocation location = new StorageLocation(entry.location().name(), entry.location().uri(), credentials);
		String scheme = location.uri().getScheme().toLowerCase(Locale.ROOT);
		return new Lease(this.factories.get(scheme).create(location), true);
	}

	/**
	 * The per-request parameters that choose where inside a location a backup lives
	 * rather than who may access it: they are recorded with the backup (they are never
	 * secrets) so that its restore and delete go to the same place. Names are matched as
	 * the adapters match them, ignoring case and punctuation.
	 * @param parameters per-request parameters, possibly {@code null}
	 * @return the placement parameters among them, in their order
	 */
	public static Map<String, String> placement(Map<String, String> parameters) {
		Map<String, String> placement = new LinkedHashMap<>();
		if (parameters != null) {
			parameters.forEach((name, value) -> {
				if (PLACEMENT.contains(LocationParameters.loose(name))) {
					placement.put(name, value);
				}
			});
		}
		return placement;
	}

	/**
	 * Lays a backup's recorded placement over a request's parameters, refusing a request
	 * that names another place: a backup is restored from where it was written.
	 * @param recorded the backup's placement parameters
	 * @param parameters the request's parameters, possibly {@code null}
	 * @return the parameters to lease the location with
	 * @throws IllegalArgumentException naming the parameter (its value is not secret) if
	 * the request places the backup elsewhere
	 */
	public static Map<String, String> withPlacement(Map<String, String> recorded, Map<String, String> parameters) {
		Map<String, String> merged = new LinkedHashMap<>();
		Map<String, String> recordedByName = new LinkedHashMap<>();
		recorded.forEach((name, value) -> recordedByName.put(LocationParameters.loose(name), value));
		if (parameters != null) {
			parameters.forEach((name, value) -> {
				String was = recordedByName.get(LocationParameters.loose(name));
				if (PLACEMENT.contains(LocationParameters.loose(name)) && !value.equals(was)) {
					throw new IllegalArgumentException("Per-request parameter " + name + " is '" + value
							+ "' but the backup was written with " + ((was != null) ? "'" + was + "'" : "none")
							+ ": leave it out, the backup is read from where it was written");
				}
				merged.put(name, value);
			});
		}
		merged.keySet().removeIf((name) -> recordedByName.containsKey(LocationParameters.loose(name)));
		merged.putAll(recorded);
		return merged;
	}

	/**
	 * A provider borrowed for one job.
	 *
	 * @param provider the provider
	 * @param owned whether closing the lease closes it
	 */
	public record Lease(StorageProvider provider, boolean owned) implements AutoCloseable {

		@Override
		public void close() {
			if (this.owned && this.provider instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					logger.warn("Closing a per-request storage provider failed: " + ex.getMessage());
				}
			}
		}

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
