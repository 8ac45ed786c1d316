package org.backplane.client.model;

import java.time.Instant;
import java.util.Map;

/**
 * A restore as listed under its backup.
 *
 * @param id the restore's id
 * @param status its status
 * @param createdAt when it was requested
 * @param componentStatus each component's status
 */
public record RestoreSummary(String id, RestoreStatus status, Instant createdAt,
		Map<String, ComponentStatus> componentStatus) {
}
