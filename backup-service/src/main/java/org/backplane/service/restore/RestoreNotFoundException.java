package org.backplane.service.restore;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

import org.springframework.modulith.NamedInterface;

/**
 * No restore of that backup has the id asked for (404).
 */
@NamedInterface("api")
public class RestoreNotFoundException extends BackplaneException {

	public RestoreNotFoundException(String backupId, String restoreId) {
		super(Kind.NOT_FOUND,
				"No restore " + restoreId + " of backup " + backupId + ": list the backup's restores to find its id",
				Map.of("backupId", backupId, "restoreId", restoreId));
	}

	@Override
	public String getTitle() {
		return "Restore not found";
	}

	@Override
	public String getTypeSlug() {
		return "restore-not-found";
	}

}
