package org.backplane.service.backup;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * A storage location failed or could not be reached during a synchronous operation (503).
 */
class StorageFailureException extends BackplaneException {

	StorageFailureException(String action, String location, Throwable cause) {
		super(Kind.UNAVAILABLE,
				"Could not " + action + ": storage location '" + location + "' failed: " + cause.getMessage(),
				Map.of("storageLocation", location), cause);
	}

	@Override
	public String getTitle() {
		return "Storage unavailable";
	}

	@Override
	public String getTypeSlug() {
		return "storage-unavailable";
	}

}
