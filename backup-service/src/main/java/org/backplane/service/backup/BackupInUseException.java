package org.backplane.service.backup;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * The backup is being written or restored and cannot be deleted or restored now (409).
 */
class BackupInUseException extends BackplaneException {

	BackupInUseException(String backupId, BackupStatus status, String action) {
		super(Kind.CONFLICT,
				"Cannot " + action + " backup " + backupId + " while it is " + status
						+ ": wait until it is STATUS_READY or STATUS_ERROR",
				Map.of("backupId", backupId, "currentStatus", status.name()));
	}

	BackupInUseException(String backupId, BackupStatus status, String action, String why) {
		super(Kind.CONFLICT, "Cannot " + action + " backup " + backupId + ": " + why,
				Map.of("backupId", backupId, "currentStatus", status.name()));
	}

	@Override
	public String getTitle() {
		return "Backup in use";
	}

	@Override
	public String getTypeSlug() {
		return "backup-in-use";
	}

}
