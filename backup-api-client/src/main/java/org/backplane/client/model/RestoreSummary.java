package org.backplane.client.model;

import java.time.Instant;
import java.util.Map;

/**
 * A restore as listed under its backup.
 *
 * @param id the restore's id
 * @param status its status
 * @param createdAt when it was requested
 * @param createdBy who started it, or {@code null} for a restore made before it was
 * recorded
 * @param componentStatus each component's status
 */
public record RestoreSummary(String id, RestoreStatus status, Instant createdAt, String createdBy,
		Map<String, ComponentStatus> componentStatus) {
}
