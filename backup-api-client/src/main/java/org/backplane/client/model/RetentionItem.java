package org.backplane.client.model;

import java.time.Instant;
import java.util.List;

/**
 * One backup in a retention report.
 *
 * @param id the backup's id
 * @param label its label
 * @param createdAt when it was made; retention buckets by this time
 * @param status its status when retention looked at it
 * @param pinned whether it is pinned
 * @param reasons why it is kept (e.g. {@code daily 3}, {@code pinned},
 * {@code newest ready backup}) or deleted (e.g. {@code no rule keeps it})
 * @param outcome for a deletion that was tried: {@code deleted}, or why it failed (it is
 * then retried later); {@code null} otherwise
 */
public record RetentionItem(String id, String label, Instant createdAt, BackupStatus status, boolean pinned,
		List<String> reasons, String outcome) {
}
