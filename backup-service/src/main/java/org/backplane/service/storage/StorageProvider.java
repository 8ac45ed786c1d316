package org.backplane.service.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
	 * Stores a new object, as {@link #put(String, InputStream)} does, from content of a
	 * known size that can be read again from its start (a local file): a provider may
	 * then send it in one request and read it again if that request is retried. Content
	 * that turns out longer or shorter than {@code size} fails the put, leaving nothing
	 * under {@code key}. By default it is read once through
	 * {@link #put(String, InputStream)}.
	 * @param key the key, checked by {@link StorageKeys#check(String)}
	 * @param size the content's size in bytes
	 * @param content opens the content from its start; each stream it returns is closed
	 * by the provider
	 * @return the number of bytes stored
	 * @throws StorageKeyExistsException if an object already exists under {@code key}
	 * @throws IOException if reading the content or writing fails
	 */
	default long put(String key, long size, Reopenable content) throws IOException {
		try (InputStream in = content.open()) {
			long stored = put(key, in);
			if (stored != size) {
				delete(key);
				throw new IOException("The content of " + key + " changed while it was stored: " + stored
						+ " bytes instead of " + size);
			}
			return stored;
		}
	}

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
	 * Stores a new object from a local file of a known size, as
	 * {@link #put(String, long, Reopenable)} does: a provider may send it in parts read
	 * side by side from the file, without holding them in memory. The file must not
	 * change meanwhile; a file of another size fails the put, leaving nothing under
	 * {@code key}. By default it is {@code put(key, size, () -> newInputStream(file))}.
	 * @param key the key, checked by {@link StorageKeys#check(String)}
	 * @param file the file
	 * @param size its size in bytes
	 * @return the number of bytes stored
	 * @throws StorageKeyExistsException if an object already exists under {@code key}
	 * @throws IOException if reading the file or writing fails
	 */
	default long putFile(String key, Path file, long size) throws IOException {
		return put(key, size, () -> Files.newInputStream(file));
	}

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

	/**
	 * Content of a known size that can be read again from its start.
	 */
	@FunctionalInterface
	interface Reopenable {

		/**
		 * Opens the content from its start.
		 * @return a stream, closed by the caller
		 * @throws IOException if the content cannot be opened
		 */
		InputStream open() throws IOException;

	}

}
