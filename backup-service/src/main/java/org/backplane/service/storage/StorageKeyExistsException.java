package org.backplane.service.storage;

import java.io.IOException;

/**
 * Thrown by {@link StorageProvider#put} when an object already exists under the key:
 * objects are never rewritten.
 */
public class StorageKeyExistsException extends IOException {

	private final String key;

	public StorageKeyExistsException(String key) {
		super("Object already exists, refusing to overwrite it: " + key);
		this.key = key;
	}

	public String getKey() {
		return this.key;
	}

}
