package org.backplane.service.storage;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.backplane.service.support.BackplaneException;

/**
 * A request's per-request parameters would place a backup where its storage location does
 * not allow (400): an endpoint not in {@code allowed-endpoints}, a bucket or container
 * not matching {@code allowed-buckets}. Nothing was sent anywhere. The message names the
 * parameters and the setting, never a secret.
 */
class PlacementNotAllowedException extends BackplaneException {

	PlacementNotAllowedException(String location, Set<String> parameters, String setting, String message) {
		super(Kind.INVALID, message,
				Map.of("storageLocation", location, "parameters", List.copyOf(parameters), "setting", setting));
	}

	@Override
	public String getTitle() {
		return "Placement not allowed";
	}

	@Override
	public String getTypeSlug() {
		return "placement-not-allowed";
	}

}
