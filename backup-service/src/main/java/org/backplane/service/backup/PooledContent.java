package org.backplane.service.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.backplane.service.source.ContentPool;
import org.backplane.service.store.ObjectPool;

import org.springframework.modulith.NamedInterface;

/**
 * The storage target's object pool as pooled sources see it.
 */
@NamedInterface("api")
public final class PooledContent {

	private PooledContent() {
	}

	/**
	 * @param pool the backup store's pool
	 * @return the pool as a {@link ContentPool}
	 */
	public static ContentPool of(ObjectPool pool) {
		return new ContentPool() {

			@Override
			public boolean contains(String sha256) throws IOException {
				return pool.contains(sha256);
			}

			@Override
			public boolean putFile(String sha256, long size, Path file) throws IOException {
				return pool.putFile(sha256, size, file);
			}

			@Override
			public Stored put(byte[] content, int length) throws IOException {
				ObjectPool.Stored stored = pool.put(content, length);
				return new Stored(stored.sha256(), stored.stored());
			}

			@Override
			public InputStream open(String sha256) throws IOException {
				return pool.open(sha256);
			}

		};
	}

}
