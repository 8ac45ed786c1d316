package org.backplane.client.model;

/**
 * A configured source component, as {@code GET /api/v1/components} lists it.
 *
 * @param name its name
 * @param type its type, e.g. {@code directory}
 * @param description what it backs up (no secrets)
 * @param restorePolicy its default restore policy
 * @param busyWith the id of the backup or restore now using it, or {@code null}
 */
public record ComponentInfo(String name, String type, String description, String restorePolicy, String busyWith) {
}
