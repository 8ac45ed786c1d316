package org.backplane.service.storage;

/**
 * Runs the storage contract against the in-memory fake, so unit tests built on it can
 * trust it.
 */
class InMemoryStorageProviderTests extends StorageProviderContractTests {

	@Override
	protected StorageProvider createProvider() {
		return new InMemoryStorageProvider();
	}

}
