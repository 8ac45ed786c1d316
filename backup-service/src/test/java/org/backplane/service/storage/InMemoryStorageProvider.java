package org.backplane.service.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A {@link StorageProvider} that keeps objects in memory, for unit tests of code above
 * the SPI (Velero's {@code InMemoryObjectStore}). It follows the same contract as the
 * real adapters ({@code InMemoryStorageProviderTests}), except that it holds every object
 * whole in memory.
 */
public class InMemoryStorageProvider implements StorageProvider {

	private final ConcurrentNavigableMap<String, Stored> objects = new ConcurrentSkipListMap<>(
			StorageKeyOrder.COMPARATOR);

	private final String name;

	public InMemoryStorageProvider() {
		this("test");
	}

	/**
	 * Creates an empty store.
	 * @param name a name shown by {@link #describe()}
	 */
	public InMemoryStorageProvider(String name) {
		this.name = name;
	}

	@Override
	public long put(String key, InputStream data) throws IOException {
		StorageKeys.check(key);
		if (this.objects.containsKey(key)) {
			throw new StorageKeyExistsException(key);
		}
		byte[] bytes = data.readAllBytes();
		if (this.objects.putIfAbsent(key, new Stored(bytes, Instant.now())) != null) {
			throw new StorageKeyExistsException(key);
		}
		return bytes.length;
	}

	@Override
	public InputStream get(String key) throws IOException {
		StorageKeys.check(key);
		Stored stored = this.objects.get(key);
		if (stored == null) {
			throw new StorageKeyNotFoundException(key);
		}
		return new ByteArrayInputStream(stored.bytes());
	}

	@Override
	public Stream<StorageObject> list(String prefix) {
		StorageKeys.checkPrefix(prefix);
		return this.objects.tailMap(prefix, true)
			.entrySet()
			.stream()
			.takeWhile((entry) -> entry.getKey().startsWith(prefix))
			.map((entry) -> new StorageObject(entry.getKey(), entry.getValue().bytes().length,
					entry.getValue().lastModified()));
	}

	@Override
	public void delete(String key) {
		StorageKeys.check(key);
		this.objects.remove(key);
	}

	@Override
	public boolean exists(String key) {
		StorageKeys.check(key);
		return this.objects.containsKey(key);
	}

	@Override
	public String describe() {
		return "memory://" + this.name;
	}

	/**
	 * A snapshot of every stored object, for assertions.
	 * @return key to bytes, in key order
	 */
	public Map<String, byte[]> contents() {
		ConcurrentSkipListMap<String, byte[]> copy = new ConcurrentSkipListMap<>(StorageKeyOrder.COMPARATOR);
		this.objects.forEach((key, stored) -> copy.put(key, stored.bytes().clone()));
		return copy;
	}

	private record Stored(byte[] bytes, Instant lastModified) {

	}

}
