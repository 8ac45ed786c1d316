package org.backplane.service.storage;

import java.io.IOException;

/**
 * Thrown by {@link StorageProvider#get} when no object exists under the key.
 */
public class StorageKeyNotFoundException extends IOException {

	private final String key;

	public StorageKeyNotFoundException(String key) {
		super("No object under key: " + key);
		this.key = key;
	}

	public String getKey() {
		return this.key;
	}

}
