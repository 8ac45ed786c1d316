package org.backplane.client.model;

/**
 * A configured storage location, as {@code GET /api/v1/storage-locations} lists it.
 *
 * @param name its name
 * @param uri its URI with secrets replaced by {@code ***}
 * @param defaultLocation whether requests that name no location use it
 * @param reachable whether it answered a probe just now
 * @param error why it did not, or {@code null}
 */
public record StorageLocationInfo(String name, String uri, boolean defaultLocation, boolean reachable, String error) {
}
