package org.backplane.service.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A content-addressed pool of object contents in the backup's storage location, each
 * content stored once under its SHA-256 and never rewritten (see
 * {@code docs/storage-layout.md}). Handed to a {@link PooledSourceComponent} by the
 * runner. Safe to call from several threads at once.
 */
public interface ContentPool {

	/**
	 * Whether a content is in the pool.
	 * @param sha256 the content's SHA-256, lower-case hex
	 * @return whether it is there
	 * @throws IOException if storage cannot be asked
	 */
	boolean contains(String sha256) throws IOException;

	/**
	 * Stores a local file's content under the SHA-256 the caller computed from that very
	 * file, as the storage sends files (in parts read side by side where it can, no
	 * second pass over the bytes); its size is checked. The file must not change
	 * meanwhile. If another writer stored the same content meanwhile, the put succeeds.
	 * @param sha256 the file's SHA-256, lower-case hex
	 * @param size its size in bytes
	 * @param file the file
	 * @return {@code true} if this call stored it, {@code false} if it was there already
	 * @throws IOException if the file is not of that size or storage fails
	 */
	boolean putFile(String sha256, long size, Path file) throws IOException;

	/**
	 * Stores a content held in memory under the SHA-256 that this computes: one pass over
	 * its bytes, where hashing it first and putting it checked would make two. If another
	 * writer stored the same content meanwhile, the put succeeds.
	 * @param content the content, from index 0
	 * @param length its length
	 * @return its SHA-256 and whether this call stored it
	 * @throws IOException if storage fails
	 */
	Stored put(byte[] content, int length) throws IOException;

	/**
	 * Opens a content; the stream fails (from the read that sees its end) if what it read
	 * does not have this SHA-256.
	 * @param sha256 the content's SHA-256
	 * @return the stream, to close
	 * @throws IOException if it is missing or cannot be read
	 */
	InputStream open(String sha256) throws IOException;

	/**
	 * A content put from memory.
	 *
	 * @param sha256 its SHA-256, lower-case hex
	 * @param stored {@code true} if the put stored it, {@code false} if it was there
	 * already
	 */
	record Stored(String sha256, boolean stored) {

	}

}
