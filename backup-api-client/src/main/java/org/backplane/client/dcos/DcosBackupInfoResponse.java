package org.backplane.client.dcos;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of DC/OS {@code create} and {@code restore}: {@code {"backup_info": {...}}}.
 *
 * @param backupInfo the backup, or the restore
 * @param <T> {@link DcosBackupInfo} or {@link DcosRestoreInfo}
 */
public record DcosBackupInfoResponse<T>(@JsonProperty("backup_info") T backupInfo) {
}
