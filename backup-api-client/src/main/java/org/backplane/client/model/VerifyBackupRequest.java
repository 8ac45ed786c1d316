package org.backplane.client.model;

/**
 * {@code POST /api/v1/backups/{id}/verifications}.
 *
 * @param depth {@code size} (the manifest read and every artifact's presence and size
 * checked) or {@code full} (also every artifact read and its SHA-256 checked); default
 * {@code full}
 */
public record VerifyBackupRequest(String depth) {
}
