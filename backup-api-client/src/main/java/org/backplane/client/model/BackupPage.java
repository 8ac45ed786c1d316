package org.backplane.client.model;

import java.util.List;

/**
 * One page of backups, newest first.
 *
 * @param items the backups on this page
 * @param nextCursor the cursor of the next page, or {@code null} on the last page
 */
public record BackupPage(List<BackupResponse> items, String nextCursor) {
}
