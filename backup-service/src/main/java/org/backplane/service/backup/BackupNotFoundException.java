package org.backplane.service.backup;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * No backup has the id asked for (404).
 */
class BackupNotFoundException extends BackplaneException {

	BackupNotFoundException(String backupId) {
		super(Kind.NOT_FOUND, "No backup with id " + backupId + ": list backups to find its id",
				Map.of("backupId", backupId));
	}

	@Override
	public String getTitle() {
		return "Backup not found";
	}

	@Override
	public String getTypeSlug() {
		return "backup-not-found";
	}

}
