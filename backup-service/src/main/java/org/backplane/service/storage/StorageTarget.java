package org.backplane.service.storage;

import java.util.Map;
import java.util.Objects;

/**
 * Where one backup's objects go or are: a configured location, the per-request parameters
 * that placed the backup inside it (bucket, container, endpoint, region, account:
 * recorded with the backup, never secrets) and the request's parameters (credentials and
 * placement, sealed while its job waits, never recorded). Made and checked only by
 * {@link StorageLocations#newTarget} and {@link StorageLocations#existingTarget}.
 *
 * @param location the location's name
 * @param placement the placement parameters to record with the backup, possibly empty
 * @param parameters the parameters to lease the location with, possibly empty; may hold
 * secrets, so never print them
 */
public record StorageTarget(String location, Map<String, String> placement, Map<String, String> parameters) {

	public StorageTarget {
		Objects.requireNonNull(location, "location");
		placement = Map.copyOf(placement);
		parameters = Map.copyOf(parameters);
	}

	@Override
	public String toString() {
		return "StorageTarget[location=" + this.location + ", placement=" + this.placement + ", parameters="
				+ this.parameters.keySet() + "]";
	}

}
