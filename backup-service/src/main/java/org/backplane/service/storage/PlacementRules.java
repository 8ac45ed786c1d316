package org.backplane.service.storage;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a location lets a request place a backup: the endpoints it may go to (its own and
 * those of {@code allowed-endpoints}) and the buckets or containers (its own and those
 * matching {@code allowed-buckets}, any when none are listed). Checked before any
 * provider is built for the request, so a refused place is never sent anything.
 */
final class PlacementRules {

	private final String location;

	private final String settings;

	private final StorageDestination own;

	private final Set<String> endpoints;

	private final List<String> bucketGlobs;

	private final List<Pattern> buckets;

	private final boolean configured;

	private PlacementRules(String location, String settings, StorageDestination own, Set<String> endpoints,
			List<String> bucketGlobs, boolean configured) {
		this.location = location;
		this.configured = configured;
		this.settings = settings;
		this.own = own;
		this.endpoints = endpoints;
		this.bucketGlobs = bucketGlobs;
		this.buckets = bucketGlobs.stream().map(PlacementRules::glob).toList();
	}

	/**
	 * Reads and checks a location's settings.
	 * @param location the location's name
	 * @param settings the prefix of its settings, e.g.
	 * {@code backplane.storage.locations.archive.} or {@code backplane.storage.}
	 * @param own where the location itself puts backups
	 * @param allowedEndpoints {@code allowed-endpoints}, possibly {@code null}
	 * @param allowedBuckets {@code allowed-buckets}, possibly {@code null}
	 * @return the rules
	 * @throws IllegalArgumentException naming the setting that is not valid
	 */
	static PlacementRules of(String location, String settings, StorageDestination own, List<String> allowedEndpoints,
			List<String> allowedBuckets) {
		Set<String> endpoints = new LinkedHashSet<>();
		if (own.endpoint() != null) {
			endpoints.add(own.endpoint());
		}
		List<String> given = (allowedEndpoints != null) ? allowedEndpoints : List.of();
		for (int i = 0; i < given.size(); i++) {
			String key = settings + "allowed-endpoints[" + i + "]";
			String value = (given.get(i) != null) ? given.get(i).strip() : "";
			if (value.isEmpty()) {
				throw new IllegalArgumentException(key + " is empty: give an endpoint URL like http://127.0.0.1:9000");
			}
			try {
				URI endpoint = LocationParameters.httpEndpoint(value, "allowed endpoint", "http://127.0.0.1:9000", "");
				endpoints.add(LocationParameters.normalEndpoint(endpoint));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(key + ": " + ex.getMessage(), ex);
			}
		}
		List<String> globs = new ArrayList<>();
		List<String> bucketValues = (allowedBuckets != null) ? allowedBuckets : List.of();
		for (int i = 0; i < bucketValues.size(); i++) {
			String value = (bucketValues.get(i) != null) ? bucketValues.get(i).strip() : "";
			if (!value.matches("[A-Za-z0-9._*?-]+")) {
				throw new IllegalArgumentException(settings + "allowed-buckets[" + i
						+ "] must be a bucket or container name, or a glob of one with * and ?, e.g. team-*");
			}
			globs.add(value);
		}
		return new PlacementRules(location, settings, own, Collections.unmodifiableSet(endpoints), List.copyOf(globs),
				!given.isEmpty() || !globs.isEmpty());
	}

	private static Pattern glob(String glob) {
		StringBuilder regex = new StringBuilder();
		for (char c : glob.toCharArray()) {
			switch (c) {
				case '*' -> regex.append(".*");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * @return where the location itself puts backups
	 */
	StorageDestination own() {
		return this.own;
	}

	/**
	 * Whether any setting was given, for locations that take no per-request parameters.
	 * @return {@code true} if {@code allowed-endpoints} or {@code allowed-buckets} lists
	 * anything
	 */
	boolean configured() {
		return this.configured;
	}

	/**
	 * Checks where a request would place a backup.
	 * @param endpointKeys the request's parameters that name an endpoint, as spelt
	 * @param bucketKeys the request's parameters that name a bucket or container, as
	 * spelt
	 * @param destination where the location with the request's parameters puts backups
	 * @throws PlacementNotAllowedException naming the parameters and the setting if the
	 * endpoint or the bucket is not allowed
	 */
	void check(Set<String> endpointKeys, Set<String> bucketKeys, StorageDestination destination) {
		if (!endpointKeys.isEmpty() && !allowsEndpoint(destination.endpoint())) {
			throw new PlacementNotAllowedException(this.location, endpointKeys, this.settings + "allowed-endpoints",
					"Per-request parameter " + String.join(", ", endpointKeys) + " sends the backup to the endpoint "
							+ destination.endpoint() + ", which storage location '" + this.location
							+ "' does not allow (allowed: " + this.endpoints
							+ "): leave it out, or add the endpoint to " + this.settings + "allowed-endpoints");
		}
		if (!bucketKeys.isEmpty() && !allowsBucket(destination.bucket())) {
			throw new PlacementNotAllowedException(this.location, bucketKeys, this.settings + "allowed-buckets",
					"Per-request parameter " + String.join(", ", bucketKeys)
							+ " names a bucket or container that storage location '" + this.location
							+ "' does not allow (allowed: its own and " + this.bucketGlobs
							+ "): leave it out, or add a matching name to " + this.settings + "allowed-buckets");
		}
	}

	private boolean allowsEndpoint(String endpoint) {
		return endpoint == null || this.endpoints.contains(endpoint);
	}

	private boolean allowsBucket(String bucket) {
		if (bucket == null || this.bucketGlobs.isEmpty() || bucket.equals(this.own.bucket())) {
			return true;
		}
		return this.buckets.stream().anyMatch((pattern) -> pattern.matcher(bucket).matches());
	}

}
