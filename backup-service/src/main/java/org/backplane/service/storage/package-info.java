/**
 * Where backups live: the {@link org.backplane.service.storage.StorageProvider} SPI
 * (bytes under keys), the key layout of backups
 * ({@link org.backplane.service.storage.StorageLayout}) and one subpackage per adapter.
 */
@ApplicationModule(allowedDependencies = { "config", "support", "s3client" })
package org.backplane.service.storage;

import org.springframework.modulith.ApplicationModule;
