package org.backplane.service.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

import org.backplane.service.storage.StorageBatchDeletion;
import org.backplane.service.storage.StorageKeyNotFoundException;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageUnfinishedWrites;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backups as objects in one storage target (Velero's {@code BackupStore}): artifacts, the
 * manifest written last, reading and checking a manifest, listing the backups that have
 * one, and deleting a backup's objects. The only code that knows the key layout
 * ({@link StorageLayout}, {@code docs/storage-layout.md}). Opened by
 * {@link BackupStores#open}; closing it returns the storage lease.
 */
public final class BackupStore implements AutoCloseable {

	private final StorageLocations.Lease lease;

	private final StorageProvider provider;

	private final JsonMapper writer;

	private final JsonMapper reader;

	private final ExecutorService producers;

	BackupStore(StorageLocations.Lease lease, JsonMapper writer, JsonMapper reader, ExecutorService producers) {
		this.lease = lease;
		this.provider = lease.provider();
		this.writer = writer;
		this.reader = reader;
		this.producers = producers;
	}

	/**
	 * Stores one component's artifact: what {@code producer} writes is streamed to
	 * storage (never staged whole) while its size and SHA-256 are computed.
	 * @param backupId the backup's id
	 * @param component the component's name
	 * @param extension the artifact's extension without the dot, e.g. {@code tar.gz}
	 * @param producer writes the artifact, on another thread; must not close the stream
	 * @return the stored artifact
	 * @throws IOException the producer's failure if it failed (the artifact is then not
	 * stored), else the storage's
	 */
	public Written putArtifact(String backupId, String component, String extension, Producer producer)
			throws IOException {
		return Artifacts.write(this.provider, StorageLayout.artifactKey(backupId, component, extension), producer,
				this.producers);
	}

	/**
	 * The content-addressed object pool of this storage target.
	 * @return the pool, usable while this store is open
	 */
	public ObjectPool pool() {
		return new ObjectPool(this, this.provider, this.reader);
	}

	/**
	 * Stores a backup's manifest. Call it last: a backup without its manifest is
	 * incomplete.
	 * @param manifest the manifest
	 * @return the manifest's key
	 * @throws IOException if storage fails
	 */
	public String putManifest(BackupManifest manifest) throws IOException {
		String key = StorageLayout.manifestKey(manifest.backupId());
		this.provider.put(key, new ByteArrayInputStream(this.writer.writeValueAsBytes(manifest)));
		return key;
	}

	/**
	 * Reads a backup's manifest and checks that it is one this version understands and
	 * that it is this backup's.
	 * @param backupId the backup's id
	 * @return the manifest
	 * @throws IOException saying what is wrong if it is missing, unreadable, of a newer
	 * format or another backup's
	 */
	public BackupManifest readManifest(String backupId) throws IOException {
		String key = StorageLayout.manifestKey(backupId);
		BackupManifest manifest;
		try (InputStream in = this.provider.get(key)) {
			manifest = this.reader.readValue(in, BackupManifest.class);
		}
		catch (StorageKeyNotFoundException ex) {
			throw new IOException(
					"Backup " + backupId + " has no manifest (" + key
							+ ") on storage: it is incomplete or was deleted outside Backplane; nothing was restored",
					ex);
		}
		catch (RuntimeException ex) {
			throw new IOException("The manifest of backup " + backupId + " cannot be read: " + ex.getMessage(), ex);
		}
		if (manifest.formatVersion() < 1 || manifest.formatVersion() > BackupManifest.FORMAT_VERSION) {
			throw new IOException("The manifest of backup " + backupId + " has format version "
					+ manifest.formatVersion() + ", which this version of Backplane does not understand (it reads 1 to "
					+ BackupManifest.FORMAT_VERSION + "); nothing was restored");
		}
		if (!backupId.equals(manifest.backupId())) {
			throw new IOException("The manifest of backup " + backupId
					+ " names another backup: the backup was altered " + "on storage; nothing was restored");
		}
		return manifest;
	}

	/**
	 * The backups stored here that have a manifest, for rebuilding the catalogue.
	 * @return their ids, in no particular order; close the stream
	 * @throws IOException if storage fails
	 */
	public Stream<String> listManifests() throws IOException {
		return this.provider.list(StorageLayout.BACKUPS)
			.map(StorageObject::key)
			.map(StorageLayout::backupIdOfManifest)
			.filter((id) -> id != null);
	}

	/**
	 * Checks a manifest read from storage the catalogue does not know yet (or from an
	 * upload): a valid id and label, components each named once, artifacts in the
	 * backup's folder with sizes and SHA-256.
	 * @param manifest the manifest
	 * @throws org.backplane.service.support.InvalidRequestException saying what is wrong
	 */
	public static void checkManifest(BackupManifest manifest) {
		BackupArchive.check(manifest);
	}

	/**
	 * The size of every object under the backups' folder, for the catalogue sync to
	 * compare against the catalogue in one listing.
	 * @return key to size
	 * @throws IOException if storage cannot be listed
	 */
	public Map<String, Long> objectSizes() throws IOException {
		Map<String, Long> sizes = new HashMap<>();
		try (Stream<StorageObject> objects = this.provider.list(StorageLayout.BACKUPS)) {
			objects.forEach((object) -> sizes.put(object.key(), object.size()));
		}
		return sizes;
	}

	/**
	 * The size of one object.
	 * @param key its key
	 * @return its size, or empty if there is no object under the key
	 * @throws IOException if storage cannot be listed
	 */
	public OptionalLong sizeOf(String key) throws IOException {
		try (Stream<StorageObject> objects = this.provider.list(key)) {
			return objects.filter((object) -> object.key().equals(key)).mapToLong(StorageObject::size).findFirst();
		}
	}

	/**
	 * Whether storage holds any object of a backup (complete or not).
	 * @param backupId the backup's id
	 * @return {@code true} if there is one
	 * @throws IOException if storage cannot be listed
	 */
	public boolean holdsObjectsOf(String backupId) throws IOException {
		try (Stream<StorageObject> objects = this.provider.list(StorageLayout.backupPrefix(backupId))) {
			return objects.findAny().isPresent();
		}
	}

	/**
	 * Writes a stored backup as one tar ({@link BackupArchive}): the manifest, then the
	 * artifacts, each SHA-256 checked while it streams.
	 * @param backupId the backup's id
	 * @param out where the tar goes; not closed
	 * @throws IOException if storage fails or an artifact does not match its manifest
	 */
	public void writeArchive(String backupId, OutputStream out) throws IOException {
		BackupArchive.write(this.provider, this.reader, backupId, out);
	}

	/**
	 * Starts importing an uploaded archive: reads and checks its manifest.
	 * @param in the upload
	 * @param maxBytes the largest upload accepted
	 * @return the import
	 * @throws org.backplane.service.support.InvalidRequestException if the archive or its
	 * manifest is not valid
	 */
	public BackupArchive.Import openArchive(InputStream in, long maxBytes) {
		return BackupArchive.open(in, maxBytes, this.reader);
	}

	/**
	 * Stores an import's artifacts, checked against its manifest, then its manifest,
	 * last. On any failure what it stored is removed.
	 * @param archive the import
	 * @throws org.backplane.service.support.InvalidRequestException if the archive is
	 * truncated or does not match its manifest
	 * @throws IOException if storage fails
	 */
	public void storeArchive(BackupArchive.Import archive) throws IOException {
		try {
			archive.storeArtifacts(this.provider);
			archive.storeManifest(this.provider);
		}
		catch (IOException | RuntimeException ex) {
			archive.discard(this.provider);
			throw ex;
		}
	}

	/**
	 * Removes what an import stored (the catalogue refused it after all).
	 * @param archive the import
	 */
	public void discardArchive(BackupArchive.Import archive) {
		archive.discard(this.provider);
	}

	/**
	 * Reads an artifact to its end and checks its SHA-256, without keeping it.
	 * @param key the artifact's key, as its manifest records it
	 * @param sha256 the SHA-256 recorded when it was written
	 * @throws ArtifactCorruptedException if the content does not match
	 * @throws IOException if it cannot be read
	 */
	public void verifyArtifact(String key, String sha256) throws IOException {
		Artifacts.verify(this.provider, key, sha256);
	}

	/**
	 * Opens an artifact; the stream checks the SHA-256 when it reaches the end and throws
	 * {@link ArtifactCorruptedException} from the read that sees the end if it does not
	 * match.
	 * @param key the artifact's key, as its manifest records it
	 * @param sha256 the SHA-256 recorded when it was written
	 * @return the stream, to close
	 * @throws IOException if it cannot be opened
	 */
	public InputStream openArtifact(String key, String sha256) throws IOException {
		return Artifacts.openVerified(this.provider, key, sha256);
	}

	/**
	 * Deletes everything of a backup: the manifest first, so a half-deleted backup is
	 * visibly incomplete, then every other object under the backup.
	 * @param backupId the backup's id
	 * @throws IOException if storage fails; calling it again is safe
	 */
	public void deleteBackup(String backupId) throws IOException {
		deleteManifest(backupId);
		deleteObjects(backupId);
	}

	/**
	 * Deletes a backup's manifest, the first step of {@link #deleteBackup}: until it
	 * succeeds nothing of the backup was deleted.
	 * @param backupId the backup's id
	 * @throws IOException if storage fails; calling it again is safe
	 */
	public void deleteManifest(String backupId) throws IOException {
		this.provider.delete(StorageLayout.manifestKey(backupId));
	}

	/**
	 * Deletes every object under a backup but its manifest (which goes first,
	 * {@link #deleteManifest}).
	 * @param backupId the backup's id
	 * @throws IOException if storage fails; calling it again is safe
	 */
	public void deleteObjects(String backupId) throws IOException {
		List<String> keys;
		try (Stream<StorageObject> objects = this.provider.list(StorageLayout.backupPrefix(backupId))) {
			keys = objects.map(StorageObject::key).toList();
		}
		delete(keys);
	}

	/**
	 * Deletes what a failed backup stored, the newest first.
	 * @param keys the keys it stored, in the order it stored them
	 * @throws IOException if storage fails
	 */
	public void deleteStored(List<String> keys) throws IOException {
		for (int i = keys.size() - 1; i >= 0; i--) {
			this.provider.delete(keys.get(i));
		}
	}

	/**
	 * The backups that puts which never ended (their process was killed) were writing:
	 * what they left outside the key space (the file provider's temporary files).
	 * @return the backups' ids; empty when there are none or the provider leaves nothing
	 * @throws IOException if storage cannot be read
	 */
	public Set<String> backupsWithUnfinishedWrites() throws IOException {
		Set<String> ids = new TreeSet<>();
		if (this.provider instanceof StorageUnfinishedWrites unfinished) {
			for (String folder : unfinished.foldersWithUnfinishedWrites()) {
				String id = StorageLayout.backupIdOfFolder(folder);
				if (id != null) {
					ids.add(id);
				}
			}
		}
		return ids;
	}

	/**
	 * Removes what puts of a backup that never ended left behind. Call it only when the
	 * backup's job is not running anywhere.
	 * @param backupId the backup's id
	 * @return how many unfinished writes were removed
	 * @throws IOException if storage refuses or fails
	 */
	public int removeUnfinishedWrites(String backupId) throws IOException {
		if (this.provider instanceof StorageUnfinishedWrites unfinished) {
			return unfinished.removeUnfinishedWrites(StorageLayout.backupPrefix(backupId));
		}
		return 0;
	}

	/**
	 * The key of a backup's manifest.
	 * @param backupId the backup's id
	 * @return its key
	 */
	public static String manifestKey(String backupId) {
		return StorageLayout.manifestKey(backupId);
	}

	/**
	 * The backup whose manifest a key is.
	 * @param key a key, as {@link #objectSizes} lists them
	 * @return the backup's id, or {@code null} if the key is not a manifest's
	 */
	public static String backupIdOfManifest(String key) {
		return StorageLayout.backupIdOfManifest(key);
	}

	private void delete(List<String> keys) throws IOException {
		if (this.provider instanceof StorageBatchDeletion batch) {
			batch.deleteAll(keys);
		}
		else {
			for (String key : keys) {
				this.provider.delete(key);
			}
		}
	}

	/**
	 * Returns the storage lease.
	 */
	@Override
	public void close() {
		this.lease.close();
	}

	/**
	 * Writes an artifact.
	 */
	@FunctionalInterface
	public interface Producer {

		/**
		 * Writes the artifact.
		 * @param out where the artifact goes; not to be closed
		 * @throws IOException if producing fails
		 */
		void write(OutputStream out) throws IOException;

	}

	/**
	 * A stored artifact.
	 *
	 * @param key its key
	 * @param size its size in bytes
	 * @param sha256 its SHA-256, lower-case hex
	 */
	public record Written(String key, long size, String sha256) {
	}

}
