package org.backplane.client.model;

import java.util.List;

/**
 * What retention kept and deleted (or would, for a preview or a dry run).
 *
 * @param dryRun whether nothing was deleted
 * @param keep the backups kept, newest first, each with the rules and guards that keep it
 * @param delete the backups deleted (or to delete), newest first
 */
public record RetentionReport(boolean dryRun, List<RetentionItem> keep, List<RetentionItem> delete) {
}
