package org.backplane.client.model;

/**
 * What {@code POST /api/v1/storage-locations/{name}/sync} did.
 *
 * @param location the location's name
 * @param imported backups found on storage and entered into the catalogue as
 * {@code STATUS_READY}
 * @param missing READY backups whose manifest or artifacts vanished from storage, now
 * {@code STATUS_ERROR} "missing on storage" (their records are kept)
 * @param unchanged backups on storage already in the catalogue
 * @param invalid manifests on storage that could not be imported (unreadable, of a newer
 * format, or an artifact missing); the service logs each
 */
public record StorageSyncResult(String location, int imported, int missing, int unchanged, int invalid) {
}
