package org.backplane.service.storage;

import java.io.IOException;

/**
 * Implemented by {@link StorageProvider}s that can tell cheaply (one request, no data
 * written) whether their location can be reached with the configured credentials, for
 * health checks and the locations API:
 * {@code if (provider instanceof StorageReachability reachability) reachability.checkReachable();}.
 */
public interface StorageReachability {

	/**
	 * Checks that the location can be reached and its bucket, container or directory
	 * read.
	 * @throws IOException with a message naming the cause (never a secret) if it cannot
	 */
	void checkReachable() throws IOException;

}
