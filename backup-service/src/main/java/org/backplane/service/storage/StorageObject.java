package org.backplane.service.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored object as listed by {@link StorageProvider#list(String)}.
 *
 * @param key the object's key
 * @param size its size in bytes
 * @param lastModified when it was written, or {@code null} if the store does not say
 */
public record StorageObject(String key, long size, Instant lastModified) {

	public StorageObject {
		Objects.requireNonNull(key, "key");
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
	}

}
