package org.backplane.service.storage.file;

import org.backplane.service.storage.StorageProvider;

/**
 * The storage contract for the file adapter's fallback on file systems without hard links
 * (publish by check-then-rename under a process-local lock).
 */
class FileStorageProviderWithoutHardLinksTests extends FileStorageProviderTests {

	@Override
	protected StorageProvider createProvider() {
		StorageProvider provider = super.createProvider();
		return new FileStorageProvider(((FileStorageProvider) provider).root(), false, FileModes.OWNER_ONLY, false);
	}

}
