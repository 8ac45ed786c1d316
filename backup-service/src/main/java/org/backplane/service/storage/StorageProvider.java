package org.backplane.service.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;

/**
 * Stores bytes under keys. A provider knows nothing about backups: the layout of keys
 * lives in {@link StorageLayout}. Modelled on Velero's {@code ObjectStore}.
 * <p>
 * Keys are relative, {@code /}-separated, non-empty, and never contain {@code .} or
 * {@code ..} segments, empty segments, backslashes or control characters
 * ({@link StorageKeys#check(String)}). Every method is safe to call from several threads
 * at once. Implementations never log or put credentials into exception messages.
 */
public interface StorageProvider {

	/**
	 * Stores a new object under {@code key}, reading {@code data} until end of stream;
	 * the length is not known in advance and memory use must not grow with it. The write
	 * is atomic: the object becomes visible under {@code key} only once the whole stream
	 * was read; if reading {@code data} or writing fails, nothing is left under
	 * {@code key} (temporary files are removed, multipart uploads aborted, uncommitted
	 * blocks dropped). Objects are never rewritten.
	 * @param key the key, checked by {@link StorageKeys#check(String)}
	 * @param data the bytes; read to its end but not closed
	 * @return the number of bytes stored
	 * @throws StorageKeyExistsException if an object already exists under {@code key}
	 * @throws IOException if reading {@code data} or writing fails
	 */
	long put(String key, InputStream data) throws IOException;

	/**
	 * Opens an object for reading, streaming from storage.
	 * @param key the key
	 * @return a stream the caller must close
	 * @throws StorageKeyNotFoundException if there is no object under {@code key}
	 * @throws IOException if storage cannot be read
	 */
	InputStream get(String key) throws IOException;

	/**
	 * Lists the objects whose key starts with {@code prefix} (a plain string prefix, not
	 * only a folder), in ascending key order, fetching pages lazily. Temporary objects of
	 * writes in progress are never listed.
	 * @param prefix the prefix; empty for all objects
	 * @return a lazily populated stream the caller must close
	 * @throws IOException if storage cannot be listed
	 */
	Stream<StorageObject> list(String prefix) throws IOException;

	/**
	 * Deletes the object under {@code key}. Deleting a missing key is not an error.
	 * @param key the key
	 * @throws IOException if storage refuses or fails
	 */
	void delete(String key) throws IOException;

	/**
	 * Tells whether an object exists under {@code key}.
	 * @param key the key
	 * @return {@code true} if it exists
	 * @throws IOException if storage cannot be reached
	 */
	boolean exists(String key) throws IOException;

	/**
	 * Whether an object exists, {@code false} when that cannot be found out either: for
	 * error paths that interpret another failure and must not throw one of their own.
	 * @param key the key
	 * @return whether it was found to exist
	 */
	default boolean existsQuietly(String key) {
		try {
			return exists(key);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Describes where this provider stores, for people: a location URI with every secret
	 * replaced by {@code ***}.
	 * @return a redacted description, never {@code null}
	 */
	String describe();

}
