package org.backplane.service.storage;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The configured storage locations and their providers, built and checked at start-up:
 * the default one ({@code backplane.storage.location}, named {@code default}) and any
 * named ones ({@code backplane.storage.locations.<name>}). A backup records the name of
 * its location; restore and delete use it. Each location also says where per-request
 * parameters may place a backup ({@code allowed-endpoints}, {@code allowed-buckets};
 * {@link PlacementRules}).
 */
@Component
public class StorageLocations implements DisposableBean {

	/** The name of the location given by {@code backplane.storage.location}. */
	public static final String DEFAULT = "default";

	/**
	 * The key a probe asks for: under {@code backups/}, where the backup store writes, so
	 * a policy limited to that folder allows it.
	 */
	private static final String PROBE_KEY = "backups/.probe";

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
			entries.put(DEFAULT,
					create(new StorageLocation(DEFAULT, properties.defaultLocationUri()), byScheme,
							"backplane.storage.location", "backplane.storage.", storage.allowedEndpoints(),
							storage.allowedBuckets()));
		}
		else if (storage.location() != null || !storage.allowedEndpoints().isEmpty()
				|| !storage.allowedBuckets().isEmpty()) {
			throw new IllegalStateException("backplane.storage.locations." + DEFAULT
					+ " configures the location named '" + DEFAULT + "', so backplane.storage.location, "
					+ "backplane.storage.allowed-endpoints and backplane.storage.allowed-buckets must not be set: "
					+ "configure it in one place (backplane.storage.locations.default.uri, .allowed-endpoints, "
					+ ".allowed-buckets)");
		}
		storage.locations()
			.forEach((name, named) -> entries.put(name,
					create(new StorageLocation(name, named.uri(), named.credentials()), byScheme,
							"backplane.storage.locations." + name + ".uri", "backplane.storage.locations." + name + ".",
							named.allowedEndpoints(), named.allowedBuckets())));
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

	private static Entry create(StorageLocation location, Map<String, StorageProviderFactory> byScheme, String key,
			String settings, List<String> allowedEndpoints, List<String> allowedBuckets) {
		String scheme = location.uri().getScheme();
		StorageProviderFactory factory = (scheme != null) ? byScheme.get(scheme.toLowerCase(Locale.ROOT)) : null;
		if (factory == null) {
			throw new IllegalStateException("Unsupported storage location in " + key + ": " + location.redactedUri()
					+ " — use one of the schemes " + byScheme.keySet());
		}
		StorageDestination own;
		StorageProvider provider;
		try {
			own = factory.destination(location);
			provider = factory.create(location);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"Invalid storage location in " + key + " (" + location.redactedUri() + "): " + ex.getMessage(), ex);
		}
		PlacementRules rules;
		try {
			rules = PlacementRules.of(location.name(), settings, own, allowedEndpoints, allowedBuckets);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid setting " + ex.getMessage(), ex);
		}
		if (rules.configured() && factory.requestParameters().isEmpty()) {
			throw new IllegalStateException(settings + "allowed-endpoints and " + settings + "allowed-buckets "
					+ "do not apply: storage location '" + location.name() + "' is a " + scheme.toLowerCase(Locale.ROOT)
					+ " location, which takes no per-request parameters; remove them");
		}
		return new Entry(location, provider, rules);
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
	 * The target of a new backup: a location and the request's parameters, checked. Names
	 * the location's adapter does not take are refused, a {@code file} location takes
	 * none; then, before any provider is built, where the parameters would place the
	 * backup is checked against the location's {@code allowed-endpoints} and
	 * {@code allowed-buckets}; then a provider is built once to check the values. The
	 * placement parameters among them are what the backup records.
	 * @param name a location's name, or {@code null} for the default
	 * @param parameters the request's parameters, possibly {@code null}
	 * @return the target
	 * @throws UnknownStorageLocationException if there is no such location
	 * @throws InvalidRequestException naming the parameters (never their values) if they
	 * are not valid for the location
	 * @throws PlacementNotAllowedException naming the parameters and the setting if they
	 * would place the backup on an endpoint or in a bucket the location does not allow
	 */
	public StorageTarget newTarget(String name, Map<String, String> parameters) {
		Entry entry = entry(name);
		Map<String, String> given = checkNames(entry, parameters);
		Set<String> placementNames = looseNames(factory(entry).placementParameters());
		Map<String, String> placement = new LinkedHashMap<>();
		given.forEach((key, value) -> {
			if (placementNames.contains(LocationParameters.loose(key))) {
				placement.put(key, value);
			}
		});
		StorageTarget target = new StorageTarget(entry.location().name(), placement, given);
		if (!given.isEmpty()) {
			StorageProviderFactory factory = factory(entry);
			entry.rules()
				.check(namesAmong(given, factory.endpointParameters()), namesAmong(given, factory.bucketParameters()),
						destination(target));
			lease(target).close();
		}
		return target;
	}

	/**
	 * Where a target's objects go: the bucket or container and the endpoint its location
	 * resolves to with the target's parameters. Only parses: builds no provider and sends
	 * nothing.
	 * @param target the target
	 * @return the destination; the location's own when the target has no parameters
	 * @throws UnknownStorageLocationException if there is no such location
	 * @throws InvalidRequestException if a parameter's value is not valid (the message
	 * names keys, never values)
	 */
	public StorageDestination destination(StorageTarget target) {
		Entry entry = entry(target.location());
		if (target.parameters().isEmpty()) {
			return entry.rules().own();
		}
		try {
			return factory(entry).destination(withParameters(entry, target.parameters()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException(
					"Invalid per-request parameters " + Ids.names(new TreeSet<>(target.parameters().keySet()))
							+ " for storage location '" + entry.location().name() + "': " + ex.getMessage());
		}
	}

	private static Set<String> namesAmong(Map<String, String> parameters, Set<String> names) {
		Set<String> loose = looseNames(names);
		Set<String> found = new TreeSet<>();
		parameters.keySet().stream().filter((key) -> loose.contains(LocationParameters.loose(key))).forEach(found::add);
		return found;
	}

	/**
	 * A location with a request's parameters taking precedence over its own credentials.
	 * @param entry the location
	 * @param parameters the request's parameters
	 * @return the location to build a provider for or to resolve
	 */
	private static StorageLocation withParameters(Entry entry, Map<String, String> parameters) {
		Map<String, String> credentials = new LinkedHashMap<>(entry.location().credentials());
		Set<String> overridden = looseNames(parameters.keySet());
		credentials.keySet().removeIf((key) -> overridden.contains(LocationParameters.loose(key)));
		credentials.putAll(parameters);
		return new StorageLocation(entry.location().name(), entry.location().uri(), credentials);
	}

	/**
	 * The target of an existing backup: its location and recorded placement, with a
	 * request's parameters (credentials) laid under the placement. A request that names
	 * another place is refused: a backup is read and deleted where it was written.
	 * @param name the backup's location's name
	 * @param placement the backup's recorded placement, possibly empty
	 * @param parameters the request's parameters, possibly {@code null}
	 * @return the target; its values are checked when it is leased
	 * @throws UnknownStorageLocationException if there is no such location
	 * @throws InvalidRequestException naming the parameter if it is not one the location
	 * takes or places the backup elsewhere
	 */
	public StorageTarget existingTarget(String name, Map<String, String> placement, Map<String, String> parameters) {
		Entry entry = entry(name);
		Map<String, String> given = checkNames(entry, parameters);
		Set<String> placementNames = looseNames(factory(entry).placementParameters());
		Map<String, String> recordedByName = new LinkedHashMap<>();
		placement.forEach((key, value) -> recordedByName.put(LocationParameters.loose(key), value));
		Map<String, String> merged = new LinkedHashMap<>();
		given.forEach((key, value) -> {
			String loose = LocationParameters.loose(key);
			String was = recordedByName.get(loose);
			if (placementNames.contains(loose) && !value.equals(was)) {
				throw new InvalidRequestException("Per-request parameter " + key + " is '" + value
						+ "' but the backup was written with " + ((was != null) ? "'" + was + "'" : "none")
						+ ": leave it out, the backup is read from where it was written");
			}
			if (!recordedByName.containsKey(loose)) {
				merged.put(key, value);
			}
		});
		merged.putAll(placement);
		return new StorageTarget(entry.location().name(), placement, merged);
	}

	/**
	 * The parameters of a request that would choose where a backup lives in a location
	 * (bucket, container, endpoint, region, account), as the location's adapter declares
	 * them.
	 * @param name a location's name, or {@code null} for the default
	 * @param parameters the request's parameters, possibly {@code null}
	 * @return their names among the request's, in no particular order; empty when none
	 * @throws UnknownStorageLocationException if there is no such location
	 */
	public Set<String> placementNamesIn(String name, Map<String, String> parameters) {
		if (parameters == null || parameters.isEmpty()) {
			return Set.of();
		}
		Set<String> placementNames = looseNames(factory(entry(name)).placementParameters());
		Set<String> found = new TreeSet<>();
		parameters.keySet()
			.stream()
			.filter((key) -> key != null && placementNames.contains(LocationParameters.loose(key)))
			.forEach(found::add);
		return found;
	}

	/**
	 * Checks a request's parameter names (never values) against the location's adapter.
	 * @param entry the location the request names
	 * @param parameters the request's parameters, or {@code null}
	 * @return the parameters, never {@code null}
	 */
	private Map<String, String> checkNames(Entry entry, Map<String, String> parameters) {
		if (parameters == null || parameters.isEmpty()) {
			return Map.of();
		}
		parameters.forEach((key, value) -> {
			if (key == null || key.isBlank() || value == null || value.isBlank()) {
				throw new InvalidRequestException(
						"Per-request parameter '" + Ids.printable(key) + "' needs a name and a non-empty value");
			}
		});
		StorageProviderFactory factory = factory(entry);
		String location = entry.location().name();
		if (factory.requestParameters().isEmpty()) {
			throw new InvalidRequestException("Storage location '" + location + "' is a " + scheme(entry)
					+ " location and takes no per-request parameters (got "
					+ Ids.names(new TreeSet<>(parameters.keySet())) + ")");
		}
		Set<String> known = looseNames(factory.requestParameters());
		Set<String> unknown = new TreeSet<>();
		parameters.keySet()
			.stream()
			.filter((key) -> !known.contains(LocationParameters.loose(key)))
			.forEach(unknown::add);
		if (!unknown.isEmpty()) {
			throw new InvalidRequestException("Invalid per-request parameters for storage location '" + location
					+ "': unknown " + Ids.names(unknown) + " (an " + scheme(entry) + " location takes "
					+ new TreeSet<>(factory.requestParameters()) + ")");
		}
		return new LinkedHashMap<>(parameters);
	}

	private static Set<String> looseNames(Set<String> names) {
		Set<String> loose = new HashSet<>();
		names.forEach((name) -> loose.add(LocationParameters.loose(name)));
		return loose;
	}

	private StorageProviderFactory factory(Entry entry) {
		return this.factories.get(scheme(entry));
	}

	private static String scheme(Entry entry) {
		return entry.location().uri().getScheme().toLowerCase(Locale.ROOT);
	}

	/**
	 * A provider for a target: the location's shared provider when the target has no
	 * parameters, else a new one with the target's parameters taking precedence over the
	 * location's own credentials, closed with the lease.
	 * @param target the target
	 * @return the lease, to close when done
	 * @throws UnknownStorageLocationException if there is no such location
	 * @throws InvalidRequestException if a parameter's value is not valid (the message
	 * names keys, never values)
	 */
	public Lease lease(StorageTarget target) {
		Entry entry = entry(target.location());
		Map<String, String> parameters = target.parameters();
		if (parameters.isEmpty()) {
			return new Lease(entry.provider(), false);
		}
		StorageLocation location = withParameters(entry, parameters);
		try {
			return new Lease(factory(entry).create(location), true);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException(
					"Invalid per-request parameters " + Ids.names(new TreeSet<>(parameters.keySet()))
							+ " for storage location '" + entry.location().name() + "': " + ex.getMessage());
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
				provider.exists(PROBE_KEY);
			}
			return new Probe(true, null);
		}
		catch (Exception ex) {
			return new Probe(false, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private Entry entry(String name) {
		String key = (name != null) ? name : this.defaultName;
		Entry entry = this.locations.get(key);
		if (entry == null) {
			throw new UnknownStorageLocationException(key, this.locations.keySet());
		}
		return entry;
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
	 * The outcome of {@link #probe(String)}.
	 *
	 * @param reachable whether the location answered
	 * @param error why not, or {@code null}
	 */
	public record Probe(boolean reachable, String error) {
	}

	private record Entry(StorageLocation location, StorageProvider provider, PlacementRules rules) {
	}

}
