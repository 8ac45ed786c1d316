package org.backplane.service.storage;

import java.util.Collection;
import java.util.Map;

import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.Ids;

/**
 * A request names a storage location that is not configured (400).
 */
class UnknownStorageLocationException extends BackplaneException {

	UnknownStorageLocationException(String name, Collection<String> configured) {
		super(Kind.INVALID,
				"Unknown storage location '" + Ids.printable(name) + "': configured locations are " + configured,
				Map.of("storageLocation", name));
	}

	@Override
	public String getTitle() {
		return "Unknown storage location";
	}

	@Override
	public String getTypeSlug() {
		return "unknown-storage-location";
	}

}
