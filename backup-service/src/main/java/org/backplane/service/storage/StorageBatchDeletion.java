package org.backplane.service.storage;

import java.io.IOException;
import java.util.Collection;

/**
 * Implemented by {@link StorageProvider}s that delete many keys in few requests (S3's
 * DeleteObjects takes up to 1,000 keys per request):
 * {@code if (provider instanceof StorageBatchDeletion batch) batch.deleteAll(keys); else keys.forEach(provider::delete);}.
 */
public interface StorageBatchDeletion {

	/**
	 * Deletes the objects under {@code keys}; missing keys are not an error. Not atomic:
	 * on failure some objects may be gone and others not, and calling it again is safe.
	 * @param keys the keys, each checked by {@link StorageKeys#check(String)}
	 * @throws IOException naming the first key that could not be deleted and why
	 */
	void deleteAll(Collection<String> keys) throws IOException;

}
