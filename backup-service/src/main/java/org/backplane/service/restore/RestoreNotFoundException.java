package org.backplane.service.restore;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * No restore of that backup has the id asked for (404).
 */
class RestoreNotFoundException extends BackplaneException {

	RestoreNotFoundException(String backupId, String restoreId) {
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
