package org.backplane.service.store;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
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
	 * Stores a content under its SHA-256, streamed and checked on the way: if what is
	 * read does not have this SHA-256 and size, the put fails before the provider commits
	 * it, so a pool key never holds other content.
	 * @param sha256 its SHA-256, lower-case hex
	 * @param size its size
	 * @param content the content, read to its end, not closed
	 * @return {@code true} if stored now, {@code false} if another writer had stored it
	 * @throws IOException if it does not match or storage fails
	 */
	public boolean put(String sha256, long size, InputStream content) throws IOException {
		String key = StorageLayout.poolKey(sha256);
		try {
			this.provider.put(key, new CheckedContent(content, sha256, size));
			return true;
		}
		catch (StorageKeyExistsException ex) {
			// the same SHA-256 is the same content: another backup stored it first
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
	 * The contents referenced by the indexes of every backup that has a manifest in this
	 * storage target.
	 * @return their SHA-256s
	 * @throws IOException if a manifest or an index cannot be read (then nothing may be
	 * deleted)
	 */
	public Set<String> referenced() throws IOException {
		Set<String> referenced = new HashSet<>();
		List<String> ids;
		try (Stream<String> manifests = this.store.listManifests()) {
			ids = manifests.toList();
		}
		for (String id : ids) {
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
		return referenced;
	}

	private void readReferences(BackupManifest.Component component, Set<String> referenced) throws IOException {
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
	 * @return what was found and deleted
	 * @throws IOException if storage fails; what was deleted stays deleted, and running
	 * it again is safe
	 */
	public Collected collectGarbage() throws IOException {
		List<String> pooled = new ArrayList<>();
		try (Stream<StorageObject> objects = this.provider.list(StorageLayout.OBJECTS)) {
			objects.map(StorageObject::key)
				.filter((key) -> StorageLayout.sha256OfPoolKey(key) != null)
				.forEach(pooled::add);
		}
		Set<String> referenced = referenced();
		List<String> garbage = pooled.stream()
			.filter((key) -> !referenced.contains(StorageLayout.sha256OfPoolKey(key)))
			.toList();
		if (!garbage.isEmpty()) {
			if (this.provider instanceof StorageBatchDeletion batch) {
				batch.deleteAll(garbage);
			}
			else {
				for (String key : garbage) {
					this.provider.delete(key);
				}
			}
		}
		return new Collected(pooled.size(), referenced.size(), garbage.size());
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
	 * A content checked while read: its size and SHA-256 must be the expected ones when
	 * its end is reached, else the read that sees the end fails (and the provider does
	 * not commit the put).
	 */
	private static final class CheckedContent extends FilterInputStream {

		private final MessageDigest digest = Artifacts.sha256();

		private final String sha256;

		private final long size;

		private long read;

		private boolean checked;

		CheckedContent(InputStream in, String sha256, long size) {
			super(in);
			this.sha256 = sha256;
			this.size = size;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b == -1) {
				check();
			}
			else {
				this.digest.update((byte) b);
				this.read++;
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = this.in.read(b, off, len);
			if (n == -1) {
				check();
			}
			else {
				this.digest.update(b, off, n);
				this.read += n;
			}
			return n;
		}

		@Override
		public long skip(long n) {
			return 0;
		}

		@Override
		public boolean markSupported() {
			return false;
		}

		@Override
		public void close() {
			// the caller owns the stream
		}

		private void check() throws IOException {
			if (this.checked) {
				return;
			}
			this.checked = true;
			String actual = HexFormat.of().formatHex(this.digest.digest());
			if (this.read != this.size || !actual.equals(this.sha256)) {
				throw new IOException("The content read for " + this.sha256 + " has " + this.read
						+ " bytes and SHA-256 " + actual + " (expected " + this.size
						+ " bytes): the object changed while it was read; it was not stored");
			}
		}

	}

}
