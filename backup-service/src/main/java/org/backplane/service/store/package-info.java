/**
 * The backup store: backups as objects in a storage location, above the storage SPI
 * (Velero's {@code BackupStore}). The only place that knows the key layout: artifacts,
 * the manifest written last, reading and checking a manifest, listing manifests, and
 * deleting a backup's objects.
 */
@ApplicationModule(allowedDependencies = { "storage", "support" })
package org.backplane.service.store;

import org.springframework.modulith.ApplicationModule;
