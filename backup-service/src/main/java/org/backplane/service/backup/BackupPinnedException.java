package org.backplane.service.backup;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * The backup is pinned and cannot be deleted until it is unpinned (409).
 */
class BackupPinnedException extends BackplaneException {

	BackupPinnedException(String backupId) {
		super(Kind.CONFLICT, "Cannot delete backup " + backupId
				+ ": it is pinned. Unpin it first (PATCH /api/v1/backups/" + backupId + " {\"pinned\": false})",
				Map.of("backupId", backupId, "pinned", true));
	}

	@Override
	public String getTitle() {
		return "Backup pinned";
	}

	@Override
	public String getTypeSlug() {
		return "backup-pinned";
	}

}
