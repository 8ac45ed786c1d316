package org.backplane.service.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

import org.backplane.service.storage.StorageBatchDeletion;
import org.backplane.service.storage.StorageKeyNotFoundException;
import org.backplane.service.storage.StorageKeys;
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
	 * The backup folders stored here with the size of each of their objects, one folder
	 * at a time, for the catalogue sync to compare against the catalogue in one listing
	 * without holding it: the provider lists in ascending key order, so a folder's
	 * objects come together, and the folders come in the order of their ids (compared as
	 * strings, {@link String#compareTo}: a backup's id is never the start of another's).
	 * Objects directly under {@code backups/} are skipped.
	 * @param consumer called once per folder, in order
	 * @throws IOException if storage cannot be listed, or the consumer fails
	 */
	public void forEachFolder(FolderConsumer consumer) throws IOException {
		try (Stream<StorageObject> objects = this.provider.list(StorageLayout.BACKUPS)) {
			java.util.Iterator<StorageObject> it = objects.iterator();
			String current = null;
			Map<String, Long> sizes = new HashMap<>();
			while (it.hasNext()) {
				StorageObject object = it.next();
				String key = object.key();
				int slash = key.indexOf('/', StorageLayout.BACKUPS.length());
				String id = (slash < 0) ? null : StorageLayout.backupIdOfFolder(key.substring(0, slash + 1));
				if (id == null) {
					continue;
				}
				if (current != null && !current.equals(id)) {
					consumer.accept(new Folder(current, sizes));
					sizes = new HashMap<>();
				}
				current = id;
				sizes.put(key, object.size());
			}
			if (current != null) {
				consumer.accept(new Folder(current, sizes));
			}
		}
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
	 * Stores one node's tar.gz, as {@link #putArtifact} does.
	 * @param place the backup's place
	 * @param component the component's name
	 * @param node the node's index
	 * @param producer writes the tar.gz, on another thread; must not close the stream
	 * @return the stored artifact
	 * @throws IOException the producer's failure if it failed, else the storage's
	 */
	public Written putNodeArchive(BackupPlace place, String component, int node, Producer producer) throws IOException {
		return Artifacts.write(this.provider, StorageLayout.nodeArchiveKey(place, component, node), producer,
				this.producers);
	}

	/**
	 * Stores one file of a node as a plain object under {@code <snapshot>/node-N/}, from
	 * a file of a known size that can be read again (the provider may send it in one
	 * request, and read it again if that is retried; the SHA-256 is of the last reading,
	 * the one stored).
	 * @param snapshot the snapshot's name
	 * @param node the node's index
	 * @param path the file's path relative to the node's folder
	 * @param size the file's size
	 * @param content opens the file from its start
	 * @return the stored object, with its SHA-256
	 * @throws IOException if storage fails, the key exists, or the file's size changed
	 */
	public Written putNodeFile(String snapshot, int node, String path, long size, StorageProvider.Reopenable content)
			throws IOException {
		String key = StorageKeys.check(StorageLayout.nodeFilesPrefix(snapshot, node) + path);
		MessageDigest digest = Artifacts.sha256();
		long stored = this.provider.put(key, size, () -> {
			digest.reset();
			return new DigestInputStream(content.open(), digest);
		});
		return new Written(key, stored, HexFormat.of().formatHex(digest.digest()));
	}

	/**
	 * The prefix of a node's plain files.
	 * @param snapshot the snapshot's name
	 * @param node the node's index
	 * @return {@code <snapshot>/node-N/}
	 */
	public static String nodeFilesPrefix(String snapshot, int node) {
		return StorageLayout.nodeFilesPrefix(snapshot, node);
	}

	/**
	 * Stores a nodes component's index: its artifact.
	 * @param place the backup's place
	 * @param index the index
	 * @return the stored index
	 * @throws IOException if storage fails
	 */
	public Written putNodeIndex(BackupPlace place, NodeIndex index) throws IOException {
		String key = StorageLayout.nodeIndexKey(place, index.component());
		byte[] bytes = this.writer.writeValueAsBytes(index);
		this.provider.put(key, new ByteArrayInputStream(bytes));
		return new Written(key, bytes.length, HexFormat.of().formatHex(Artifacts.sha256().digest(bytes)));
	}

	/**
	 * Reads a nodes component's index, checking its SHA-256.
	 * @param key its key, as the manifest records it
	 * @param sha256 its SHA-256, as recorded
	 * @return the index
	 * @throws ArtifactCorruptedException if it does not match
	 * @throws IOException if it cannot be read or parsed
	 */
	public NodeIndex readNodeIndex(String key, String sha256) throws IOException {
		byte[] bytes;
		try (InputStream in = Artifacts.openVerified(this.provider, key, sha256)) {
			bytes = in.readAllBytes();
		}
		try {
			return this.reader.readValue(bytes, NodeIndex.class);
		}
		catch (RuntimeException ex) {
			throw new IOException("The node index " + key + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Stores a backup's manifest at its place. Call it last.
	 * @param manifest the manifest
	 * @param place the backup's place
	 * @return the manifest's key
	 * @throws IOException if storage fails
	 */
	public String putManifest(BackupManifest manifest, BackupPlace place) throws IOException {
		String key = StorageLayout.manifestKey(place);
		this.provider.put(key, new ByteArrayInputStream(this.writer.writeValueAsBytes(manifest)));
		return key;
	}

	/**
	 * Reads the manifest of a snapshot layout, if there is one: a snapshot that a data
	 * service's own plan wrote has none.
	 * @param place the snapshot's place
	 * @return the manifest, or {@code null} if there is none
	 * @throws IOException if it cannot be read, or is of a newer format
	 */
	public BackupManifest findSnapshotManifest(BackupPlace place) throws IOException {
		String key = StorageLayout.manifestKey(place);
		BackupManifest manifest;
		try (InputStream in = this.provider.get(key)) {
			manifest = this.reader.readValue(in, BackupManifest.class);
		}
		catch (StorageKeyNotFoundException ex) {
			return null;
		}
		catch (RuntimeException ex) {
			throw new IOException("The manifest " + key + " cannot be read: " + ex.getMessage(), ex);
		}
		if (manifest.formatVersion() < 1 || manifest.formatVersion() > BackupManifest.FORMAT_VERSION) {
			throw new IOException("The manifest " + key + " has format version " + manifest.formatVersion()
					+ ", which this version of Backplane does not understand; nothing was restored");
		}
		return manifest;
	}

	/**
	 * The plain objects of one node of a snapshot, as listed now.
	 * @param snapshot the snapshot's name
	 * @param node the node's index
	 * @return the objects, in key order
	 * @throws IOException if storage cannot be listed
	 */
	public List<StorageObject> listNodeFiles(String snapshot, int node) throws IOException {
		try (Stream<StorageObject> objects = this.provider.list(StorageLayout.nodeFilesPrefix(snapshot, node))) {
			return objects.toList();
		}
	}

	/**
	 * Where a node's tar.gz of a snapshot is: under the snapshot's name, else (as a data
	 * service's own Azure plan writes it) at the root.
	 * @param place the snapshot's place
	 * @param node the node's index
	 * @return its object, or {@code null} if neither exists
	 * @throws IOException if storage cannot be read
	 */
	public StorageObject findNodeArchive(BackupPlace place, int node) throws IOException {
		for (String key : List.of(StorageLayout.nodeArchiveKey(place, null, node),
				StorageLayout.rootNodeArchiveKey(node))) {
			try (Stream<StorageObject> objects = this.provider.list(key)) {
				StorageObject found = objects.filter((o) -> o.key().equals(key)).findFirst().orElse(null);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/**
	 * What lies in a snapshot's layout now: every object under {@code <snapshot>/}, and
	 * the {@code node-N.tar.gz} a data service's own Azure plan leaves at the root.
	 * @param place the snapshot's place
	 * @return the objects, in key order; empty if there is no such snapshot
	 * @throws IOException if storage cannot be listed
	 */
	public List<StorageObject> snapshotObjects(BackupPlace place) throws IOException {
		List<StorageObject> found = new ArrayList<>();
		try (Stream<StorageObject> objects = this.provider.list(place.snapshot() + "/")) {
			objects.forEach(found::add);
		}
		if (BackupPlace.AZURE.equals(place.layout())) {
			try (Stream<StorageObject> objects = this.provider.list("node-")) {
				objects.filter((o) -> o.key().matches("node-[0-9]+\\.tar\\.gz")).forEach(found::add);
			}
		}
		return found;
	}

	/**
	 * Opens an object as it is, without a recorded SHA-256 to check (a snapshot a data
	 * service wrote).
	 * @param key the key
	 * @return the stream, to close
	 * @throws IOException if it cannot be opened
	 */
	public InputStream openObject(String key) throws IOException {
		return this.provider.get(key);
	}

	/**
	 * Deletes everything of a backup at its place: for a snapshot layout, the manifest
	 * first, then the node index, then every object under {@code <snapshot>/node-}.
	 * Objects a data service wrote at the container's root are left alone.
	 * @param place the backup's place
	 * @throws IOException if storage fails; calling it again is safe
	 */
	public void deleteBackup(BackupPlace place) throws IOException {
		deleteManifest(place);
		deleteObjects(place);
	}

	/**
	 * Deletes a backup's manifest, in Backplane's layout or a snapshot's, the first step
	 * of {@link #deleteBackup(BackupPlace)}: until it succeeds nothing of the backup was
	 * deleted.
	 * @param place the backup's place
	 * @throws IOException if storage fails; calling it again is safe
	 */
	public void deleteManifest(BackupPlace place) throws IOException {
		if (!place.isSnapshot()) {
			deleteManifest(place.backupId());
			return;
		}
		this.provider.delete(StorageLayout.manifestKey(place));
	}

	/**
	 * Deletes every object of a backup but its manifest (which goes first,
	 * {@link #deleteManifest(BackupPlace)}). Objects a data service wrote at the
	 * container's root are left alone.
	 * @param place the backup's place
	 * @throws IOException if storage fails; calling it again is safe
	 */
	public void deleteObjects(BackupPlace place) throws IOException {
		if (!place.isSnapshot()) {
			deleteObjects(place.backupId());
			return;
		}
		this.provider.delete(StorageLayout.nodeIndexKey(place, null));
		List<String> keys;
		try (Stream<StorageObject> objects = this.provider.list(place.snapshot() + "/node-")) {
			keys = objects.map(StorageObject::key).toList();
		}
		delete(keys);
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
	 * @param key a key, as {@link #forEachFolder} lists them
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

	/**
	 * What {@link #forEachFolder} hands over.
	 */
	@FunctionalInterface
	public interface FolderConsumer {

		/**
		 * Takes one folder.
		 * @param folder the folder
		 * @throws IOException if handling it fails (the listing stops)
		 */
		void accept(Folder folder) throws IOException;

	}

	/**
	 * One backup's folder on storage.
	 *
	 * @param backupId the backup's id
	 * @param sizes the key of each object in it to its size
	 */
	public record Folder(String backupId, Map<String, Long> sizes) {

		/**
		 * @return whether the folder holds the backup's manifest
		 */
		public boolean hasManifest() {
			return this.sizes.containsKey(StorageLayout.manifestKey(this.backupId));
		}

	}

}
