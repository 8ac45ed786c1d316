package org.backplane.service.storage;

import java.io.IOException;
import java.util.Set;

/**
 * Implemented by {@link StorageProvider}s whose puts leave something outside the key
 * space while they run (the file provider's temporary files): what a put leaves behind
 * when its process dies mid-way (kill -9), found and removed by folder. A put that ends,
 * even in failure, removes its own; this is for the ones that never ended.
 */
public interface StorageUnfinishedWrites {

	/**
	 * The folders of the keys that unfinished puts were writing.
	 * @return folders such as {@code backups/<id>/}, each ending in {@code /}; empty when
	 * there are none
	 * @throws IOException if storage cannot be read
	 */
	Set<String> foldersWithUnfinishedWrites() throws IOException;

	/**
	 * Removes what unfinished puts of keys directly in a folder left behind. Call it only
	 * when no put into that folder can be running anywhere (its job ended or was reaped).
	 * @param folder a folder such as {@code backups/<id>/}, ending in {@code /}
	 * @return how many unfinished writes were removed
	 * @throws IOException if storage refuses or fails
	 */
	int removeUnfinishedWrites(String folder) throws IOException;

}
