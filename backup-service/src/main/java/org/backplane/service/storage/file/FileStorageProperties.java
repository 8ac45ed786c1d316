package org.backplane.service.storage.file;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every {@code file} storage location. Unknown keys under
 * {@code backplane.storage.file} fail start-up.
 *
 * @param fsync whether each object and its directory are forced to disk before
 * {@code put} returns; turn off only for throwaway storage (tests, benchmarks)
 */
@ConfigurationProperties(prefix = "backplane.storage.file", ignoreUnknownFields = false)
record FileStorageProperties(@DefaultValue("true") boolean fsync) {

}
