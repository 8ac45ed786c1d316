package org.backplane.service.backup;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * A backup with this id already exists, in the catalogue or on storage (409).
 */
class BackupConflictException extends BackplaneException {

	BackupConflictException(String backupId, String message) {
		super(Kind.CONFLICT, message, Map.of("backupId", backupId));
	}

	@Override
	public String getTitle() {
		return "Backup exists";
	}

	@Override
	public String getTypeSlug() {
		return "backup-exists";
	}

}
