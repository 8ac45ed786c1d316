package org.backplane.service.store;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.backplane.service.storage.StorageBatchDeletion;
import org.backplane.service.storage.StorageKeyExistsException;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.storage.StorageProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The content-addressed object pool of one storage target:
 * {@code objects/<sha256[0:2]>/<sha256>}, each content stored once and never rewritten.
 * Object-level sources (buckets) store contents here; their artifacts are indexes
 * (gzip-compressed JSON Lines) whose lines name pooled contents by a top-level
 * {@code sha256} field. Safe to use from several threads.
 * <p>
 * {@link #collectGarbage()} deletes contents no manifest references; it must run only
 * while no backup writes to the pool (the caller's duty, see
 * {@code docs/design/bucket-pool.md}).
 */
public final class ObjectPool {

	/** The extension of index artifacts, whose lines reference pooled contents. */
	public static final String INDEX_EXTENSION = "index.jsonl.gz";

	/** How many pooled contents one deletion request removes at most. */
	static final int DELETE_BATCH = 1000;

	private final BackupStore store;

	private final StorageProvider provider;

	private final JsonMapper reader;

	ObjectPool(BackupStore store, StorageProvider provider, JsonMapper reader) {
		this.store = store;
		this.provider = provider;
		this.reader = reader;
	}

	/**
	 * Whether a content is in the pool.
	 * @param sha256 its SHA-256, lower-case hex
	 * @return whether it is there
	 * @throws IOException if storage cannot be asked
	 */
	public boolean contains(String sha256) throws IOException {
		return this.provider.exists(StorageLayout.poolKey(sha256));
	}

	/**
	 * Stores a content held in memory under the SHA-256 this computes of it, so the key
	 * matches the content by construction: one pass over the bytes, where hashing them
	 * first and then putting them checked made two (bench/buckets: a tenth of the
	 * service's CPU on a bucket of small objects).
	 * @param content the content, from index 0
	 * @param length its length
	 * @return its SHA-256, and {@code true} if stored now, {@code false} if another
	 * writer had stored it
	 * @throws IOException if storage fails
	 */
	public Stored put(byte[] content, int length) throws IOException {
		MessageDigest digest = Artifacts.sha256();
		digest.update(content, 0, length);
		String sha256 = HexFormat.of().formatHex(digest.digest());
		return new Stored(sha256, store(sha256, new ByteArrayInputStream(content, 0, length)));
	}

	/**
	 * Stores a local file's content under the SHA-256 the caller computed from that very
	 * file (a spool file it wrote and read back): sent as the storage sends files, in
	 * parts read side by side from it where the storage does that
	 * ({@link StorageProvider#putFile}), with no part buffers on the heap and no second
	 * pass over the bytes; its size is checked. The caller must not change the file
	 * meanwhile.
	 * @param sha256 the file's SHA-256, lower-case hex
	 * @param size its size
	 * @param file the file
	 * @return {@code true} if stored now, {@code false} if another writer had stored it
	 * @throws IOException if the file is not of that size or storage fails
	 */
	public boolean putFile(String sha256, long size, Path file) throws IOException {
		try {
			this.provider.putFile(StorageLayout.poolKey(sha256), file, size);
			return true;
		}
		catch (StorageKeyExistsException ex) {
			return false;
		}
	}

	// Whether the content was stored now; false if the pool had it (the same SHA-256 is
	// the
	// same content: another backup stored it first)
	private boolean store(String sha256, InputStream content) throws IOException {
		try {
			this.provider.put(StorageLayout.poolKey(sha256), content);
			return true;
		}
		catch (StorageKeyExistsException ex) {
			return false;
		}
	}

	/**
	 * Opens a pooled content; the stream fails at its end if the content does not match
	 * its SHA-256.
	 * @param sha256 its SHA-256
	 * @return the stream, to close
	 * @throws IOException if it is missing or cannot be read
	 */
	public InputStream open(String sha256) throws IOException {
		return Artifacts.openVerified(this.provider, StorageLayout.poolKey(sha256), sha256);
	}

	/**
	 * Adds the contents referenced by the indexes of every backup that has a manifest in
	 * this storage target, one manifest at a time while the listing streams.
	 * @param referenced takes their SHA-256s
	 * @throws IOException if a manifest or an index cannot be read (then nothing may be
	 * deleted)
	 */
	private void readReferenced(SortedHashes referenced) throws IOException {
		try (Stream<String> manifests = this.store.listManifests()) {
			java.util.Iterator<String> ids = manifests.iterator();
			while (ids.hasNext()) {
				String id = ids.next();
				BackupManifest manifest;
				try {
					manifest = this.store.readManifest(id);
				}
				catch (IOException ex) {
					if (!this.provider.exists(StorageLayout.manifestKey(id))) {
						// deleted since it was listed: what it referenced is garbage now
						continue;
					}
					throw ex;
				}
				for (BackupManifest.Component component : manifest.components()) {
					if (component.artifactKey().endsWith("." + INDEX_EXTENSION)) {
						readReferences(component, referenced);
					}
				}
			}
		}
	}

	private void readReferences(BackupManifest.Component component, SortedHashes referenced) throws IOException {
		try (InputStream in = this.store.openArtifact(component.artifactKey(), component.sha256());
				BufferedReader lines = new BufferedReader(
						new InputStreamReader(new GZIPInputStream(in, 64 * 1024), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isEmpty()) {
					continue;
				}
				JsonNode node = this.reader.readTree(line);
				JsonNode sha256 = node.get("sha256");
				if (sha256 != null && sha256.isString()) {
					referenced.add(sha256.asString());
				}
			}
			// the SHA-256 check of the index runs when its end is read
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
	}

	/**
	 * Deletes the pooled contents that no manifest references. Lists the pool first and
	 * the references after, so a content stored by a backup that completed meanwhile is
	 * either not listed or referenced. Must run only while no backup writes to this pool.
	 * <p>
	 * Memory does not grow with the pool: the pool's SHA-256s and the referenced ones go
	 * through two external sorts ({@link SortedHashes}, runs spilled to temporary files),
	 * and the two sorted sequences are merged, deleting what only the pool holds in
	 * batches of {@value #DELETE_BATCH}.
	 * @return what was found and deleted
	 * @throws IOException if storage fails; what was deleted stays deleted, and running
	 * it again is safe
	 */
	public Collected collectGarbage() throws IOException {
		return collectGarbage(SortedHashes.RUN_SIZE);
	}

	Collected collectGarbage(int runSize) throws IOException {
		try (SortedHashes pooled = new SortedHashes(runSize); SortedHashes referenced = new SortedHashes(runSize)) {
			try (Stream<StorageObject> objects = this.provider.list(StorageLayout.OBJECTS)) {
				java.util.Iterator<StorageObject> it = objects.iterator();
				while (it.hasNext()) {
					String sha256 = StorageLayout.sha256OfPoolKey(it.next().key());
					if (sha256 != null) {
						pooled.add(sha256);
					}
				}
			}
			readReferenced(referenced);
			int pooledCount = 0;
			int referencedCount = 0;
			int deleted = 0;
			List<String> garbage = new ArrayList<>();
			SortedHashes.Cursor pool = pooled.sorted();
			SortedHashes.Cursor references = referenced.sorted();
			String reference = references.next();
			for (String content = pool.next(); content != null; content = pool.next()) {
				pooledCount++;
				while (reference != null && reference.compareTo(content) < 0) {
					referencedCount++;
					reference = references.next();
				}
				if (reference != null && reference.equals(content)) {
					continue;
				}
				garbage.add(StorageLayout.poolKey(content));
				if (garbage.size() == DELETE_BATCH) {
					deleted += delete(garbage);
				}
			}
			while (reference != null) {
				referencedCount++;
				reference = references.next();
			}
			deleted += delete(garbage);
			return new Collected(pooledCount, referencedCount, deleted);
		}
	}

	private int delete(List<String> keys) throws IOException {
		int count = keys.size();
		if (count == 0) {
			return 0;
		}
		if (this.provider instanceof StorageBatchDeletion batch) {
			batch.deleteAll(keys);
		}
		else {
			for (String key : keys) {
				this.provider.delete(key);
			}
		}
		keys.clear();
		return count;
	}

	/**
	 * What a garbage collection found.
	 *
	 * @param pooled contents in the pool before
	 * @param referenced contents the manifests reference
	 * @param deleted contents deleted
	 */
	public record Collected(int pooled, int referenced, int deleted) {
	}

	/**
	 * A content put from memory.
	 *
	 * @param sha256 its SHA-256, lower-case hex
	 * @param stored {@code true} if the put stored it, {@code false} if it was there
	 * already
	 */
	public record Stored(String sha256, boolean stored) {

	}

}
