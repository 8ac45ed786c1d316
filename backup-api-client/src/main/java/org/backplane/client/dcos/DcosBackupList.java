package org.backplane.client.dcos;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of DC/OS {@code GET list}: {@code {"backup_info": [...]}}, and exactly
 * {@code {}} when there are no backups (the list is then {@code null} and left out).
 *
 * @param backupInfo the backups, or {@code null} when there are none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DcosBackupList(@JsonProperty("backup_info") List<DcosBackupInfo> backupInfo) {
}
