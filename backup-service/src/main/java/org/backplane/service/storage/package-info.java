/**
 * Where backups live: the {@link org.backplane.service.storage.StorageProvider} SPI
 * (bytes under keys), the key layout of backups
 * ({@link org.backplane.service.storage.StorageLayout}) and one subpackage per adapter.
 */
package org.backplane.service.storage;
