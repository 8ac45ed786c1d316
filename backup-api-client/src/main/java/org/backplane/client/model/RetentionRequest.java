package org.backplane.client.model;

/**
 * Body of {@code POST /api/v1/retention}: retention rules applied once, to the backups
 * whose label starts with a prefix, each label on its own (as restic groups snapshots).
 *
 * @param prefix the label prefix; required (a label itself selects that label's backups
 * and those of longer labels starting with it)
 * @param rules the rules; at least one must be on
 * @param zone the time zone of the calendar periods; {@code null} for UTC
 * @param dryRun {@code true} to only report what would be kept and deleted; {@code null}
 * for {@code false}
 */
public record RetentionRequest(String prefix, RetentionRules rules, String zone, Boolean dryRun) {
}
