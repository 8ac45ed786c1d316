/**
 * The backup aggregate: {@link org.backplane.service.backup.Backup} and its lifecycle
 * ({@link org.backplane.service.backup.BackupStatus}), the service that creates, lists
 * and deletes backups, and the job that runs one.
 */
@ApplicationModule(allowedDependencies = { "job", "snapshot", "source", "storage", "store", "support", "config" })
package org.backplane.service.backup;

import org.springframework.modulith.ApplicationModule;
