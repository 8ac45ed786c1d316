package org.backplane.service.store;

import org.backplane.service.storage.StorageKeys;

/**
 * The one place that knows how backups are laid out under a storage location (see
 * {@code docs/storage-layout.md}):
 *
 * <pre>
 * backups/&lt;backup-id&gt;/&lt;component&gt;.&lt;extension&gt;   one artifact per component
 * backups/&lt;backup-id&gt;/backup.json                     the manifest, written last
 * objects/&lt;sha256[0:2]&gt;/&lt;sha256&gt;                   pooled contents, written once
 * backups/&lt;backup-id&gt;/&lt;component&gt;/node-&lt;i&gt;.tar.gz   a nodes component's node artifacts
 * </pre>
 *
 * and the layouts of data-service snapshots ({@link BackupPlace}):
 *
 * <pre>
 * &lt;snapshot&gt;/node-&lt;i&gt;/&lt;path&gt;          s3: each file of node i as a plain object
 * &lt;snapshot&gt;/node-&lt;i&gt;.tar.gz         azure: node i as one tar.gz (node-&lt;i&gt;.tar.gz at the root when
 *                                   a data service wrote it without the snapshot's name)
 * &lt;snapshot&gt;/backplane-nodes.json   the node index, SHA-256 per node (and per file)
 * &lt;snapshot&gt;/backplane-backup.json  the manifest, written last
 * </pre>
 *
 * A location's own prefix (for example {@code s3://bucket/prefix}) is applied by the
 * provider, below these keys. A backup without its manifest is incomplete by definition.
 */
final class StorageLayout {

	/** The folder holding all backups. */
	static final String BACKUPS = "backups/";

	/** The folder of the content-addressed object pool. */
	static final String OBJECTS = "objects/";

	/** The manifest's file name. */
	static final String MANIFEST = "backup.json";

	private StorageLayout() {
	}

	/**
	 * The prefix under which everything of one backup lives.
	 * @param backupId the backup's id
	 * @return {@code backups/<backup-id>/}
	 */
	static String backupPrefix(String backupId) {
		return BACKUPS + backupId + "/";
	}

	/**
	 * The key of one component's artifact.
	 * @param backupId the backup's id
	 * @param component the component's name
	 * @param extension the artifact's extension without the dot, e.g. {@code tar.gz}
	 * @return {@code backups/<backup-id>/<component>.<extension>}
	 */
	static String artifactKey(String backupId, String component, String extension) {
		return StorageKeys.check(backupPrefix(backupId) + component + "." + extension);
	}

	/**
	 * The key of a backup's manifest.
	 * @param backupId the backup's id
	 * @return {@code backups/<backup-id>/backup.json}
	 */
	static String manifestKey(String backupId) {
		return StorageKeys.check(backupPrefix(backupId) + MANIFEST);
	}

	/** The node index's file name in a snapshot layout. */
	static final String SNAPSHOT_INDEX = "backplane-nodes.json";

	/** The manifest's file name in a snapshot layout. */
	static final String SNAPSHOT_MANIFEST = "backplane-backup.json";

	/**
	 * The key of a backup's manifest at its place.
	 * @param place the backup's place
	 * @return {@code backups/<backup-id>/backup.json} or
	 * {@code <snapshot>/backplane-backup.json}
	 */
	static String manifestKey(BackupPlace place) {
		return place.isSnapshot() ? StorageKeys.check(place.snapshot() + "/" + SNAPSHOT_MANIFEST)
				: manifestKey(place.backupId());
	}

	/**
	 * The key of a nodes component's index.
	 * @param place the backup's place
	 * @param component the component
	 * @return {@code backups/<backup-id>/<component>.nodes.json} or
	 * {@code <snapshot>/backplane-nodes.json}
	 */
	static String nodeIndexKey(BackupPlace place, String component) {
		return place.isSnapshot() ? StorageKeys.check(place.snapshot() + "/" + SNAPSHOT_INDEX)
				: artifactKey(place.backupId(), component, "nodes.json");
	}

	/**
	 * The key of a node's tar.gz.
	 * @param place the backup's place
	 * @param component the component
	 * @param node the node
	 * @return {@code backups/<backup-id>/<component>/node-N.tar.gz} or
	 * {@code <snapshot>/node-N.tar.gz}
	 */
	static String nodeArchiveKey(BackupPlace place, String component, int node) {
		return place.isSnapshot() ? StorageKeys.check(place.snapshot() + "/node-" + node + ".tar.gz")
				: StorageKeys.check(backupPrefix(place.backupId()) + component + "/node-" + node + ".tar.gz");
	}

	/**
	 * The key a data service's own Azure plan gives a node's tar.gz: at the container's
	 * root, without the snapshot's name.
	 * @param node the node
	 * @return {@code node-N.tar.gz}
	 */
	static String rootNodeArchiveKey(int node) {
		return "node-" + node + ".tar.gz";
	}

	/**
	 * The prefix of a node's plain files.
	 * @param snapshot the snapshot's name
	 * @param node the node
	 * @return {@code <snapshot>/node-N/}
	 */
	static String nodeFilesPrefix(String snapshot, int node) {
		return snapshot + "/node-" + node + "/";
	}

	/**
	 * The backup whose manifest a key is.
	 * @param key a key under {@link #BACKUPS}
	 * @return the backup's id, or {@code null} if the key is not a manifest's
	 */
	static String backupIdOfManifest(String key) {
		if (!key.startsWith(BACKUPS) || !key.endsWith("/" + MANIFEST)) {
			return null;
		}
		String id = key.substring(BACKUPS.length(), key.length() - MANIFEST.length() - 1);
		return (id.isEmpty() || id.contains("/")) ? null : id;
	}

	/**
	 * The backup whose folder a folder is.
	 * @param folder a folder such as {@code backups/<id>/}
	 * @return the backup's id, or {@code null} if the folder is not a backup's
	 */
	static String backupIdOfFolder(String folder) {
		if (!folder.startsWith(BACKUPS) || !folder.endsWith("/")) {
			return null;
		}
		String id = folder.substring(BACKUPS.length(), folder.length() - 1);
		return (id.isEmpty() || id.contains("/")) ? null : id;
	}

	/**
	 * The key of a pooled content.
	 * @param sha256 its SHA-256, 64 lower-case hex digits
	 * @return {@code objects/<sha256[0:2]>/<sha256>}
	 * @throws IllegalArgumentException if {@code sha256} is not 64 lower-case hex digits
	 */
	static String poolKey(String sha256) {
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("Not a SHA-256: " + sha256);
		}
		return OBJECTS + sha256.substring(0, 2) + "/" + sha256;
	}

	/**
	 * The content a pool key holds.
	 * @param key a key under {@link #OBJECTS}
	 * @return its SHA-256, or {@code null} if the key is not a pooled content's
	 */
	static String sha256OfPoolKey(String key) {
		if (!key.startsWith(OBJECTS) || key.length() != OBJECTS.length() + 3 + 64) {
			return null;
		}
		String sha256 = key.substring(OBJECTS.length() + 3);
		if (!sha256.matches("[0-9a-f]{64}")
				|| !key.substring(OBJECTS.length(), OBJECTS.length() + 3).equals(sha256.substring(0, 2) + "/")) {
			return null;
		}
		return sha256;
	}

}
