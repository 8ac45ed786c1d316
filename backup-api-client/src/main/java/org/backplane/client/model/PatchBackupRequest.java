package org.backplane.client.model;

/**
 * Body of {@code PATCH /api/v1/backups/{id}}: what to change on a backup.
 *
 * @param pinned {@code true} to pin the backup (never deleted, by retention or by hand,
 * while pinned), {@code false} to unpin it; required
 */
public record PatchBackupRequest(Boolean pinned) {
}
