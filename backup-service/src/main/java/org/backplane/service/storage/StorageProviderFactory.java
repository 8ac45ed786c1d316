package org.backplane.service.storage;

import java.util.Set;

/**
 * Creates {@link StorageProvider}s for the location URIs of one or more schemes
 * ({@code file}, {@code s3}, {@code azure}). Each adapter subpackage registers one as a
 * bean.
 */
public interface StorageProviderFactory {

	/**
	 * The URI schemes handled, lower case, for example {@code file}.
	 * @return the schemes, never empty
	 */
	Set<String> schemes();

	/**
	 * Creates a provider for a location. Checks the location at once: unknown query
	 * parameters and bad values are rejected with a message that names them (never their
	 * secret values).
	 * @param location the location, its scheme one of {@link #schemes()}
	 * @return a provider, ready to use
	 * @throws IllegalArgumentException if the location is not valid for this adapter
	 */
	StorageProvider create(StorageLocation location);

	/**
	 * The per-request parameters a location of this adapter takes (credentials, and the
	 * placement ones), by canonical name, e.g. {@code AWS_ACCESS_KEY_ID}. Requests may
	 * spell them in any case and punctuation ({@link LocationParameters#loose}).
	 * @return the names; empty when the adapter takes none
	 */
	default Set<String> requestParameters() {
		return Set.of();
	}

	/**
	 * Those of {@link #requestParameters()} that choose where inside a location a backup
	 * lives (bucket, container, endpoint, region, account) rather than who may access it:
	 * recorded with the backup, so that its restore and delete go to the same place.
	 * Never secrets.
	 * @return the names; empty when the adapter takes none
	 */
	default Set<String> placementParameters() {
		return Set.of();
	}

	/**
	 * Those of {@link #placementParameters()} that name the server a backup goes to (an
	 * endpoint, or an account that names one): a request that gives one is refused unless
	 * the endpoint it leads to is the location's own or one of its
	 * {@code allowed-endpoints}.
	 * @return the names; empty when the adapter takes none
	 */
	default Set<String> endpointParameters() {
		return Set.of();
	}

	/**
	 * Those of {@link #placementParameters()} that name the bucket or container: a
	 * request that gives one is refused unless it is the location's own or matches one of
	 * its {@code allowed-buckets}.
	 * @return the names; empty when the adapter takes none
	 */
	default Set<String> bucketParameters() {
		return Set.of();
	}

	/**
	 * Where a location's objects go: its bucket or container and the endpoint its
	 * providers talk to. Only parses the location: builds no client and sends nothing.
	 * @param location the location, possibly with a request's parameters among its
	 * credentials
	 * @return the destination; {@link StorageDestination#NONE} by default
	 * @throws IllegalArgumentException if the location is not valid for this adapter
	 */
	default StorageDestination destination(StorageLocation location) {
		return StorageDestination.NONE;
	}

	/**
	 * The most heap one put or one get through this factory's providers holds at once
	 * (their part or block buffers), whatever the size of the object: what one running
	 * job needs besides the service itself. {@link StorageLocations} checks the heap
	 * against it and {@code backplane.runner.threads} at start-up.
	 * @return bytes; 0 for providers that only stream through small buffers
	 */
	default long transferMemory() {
		return 0;
	}

}
