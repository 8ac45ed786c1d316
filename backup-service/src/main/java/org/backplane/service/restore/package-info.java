/**
 * The restore aggregate: {@link org.backplane.service.restore.Restore} and its lifecycle
 * ({@link org.backplane.service.restore.RestoreStatus}), the service that starts restores
 * and the job that runs one (manifest read → SHA-256 verified → source restore under its
 * policy).
 */
@ApplicationModule(
		allowedDependencies = { "backup :: api", "job", "snapshot", "source", "storage", "store", "support" })
package org.backplane.service.restore;

import org.springframework.modulith.ApplicationModule;
