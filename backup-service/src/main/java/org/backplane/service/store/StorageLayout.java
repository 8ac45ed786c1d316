package org.backplane.service.store;

import org.backplane.service.storage.StorageKeys;

/**
 * The one place that knows how backups are laid out under a storage location (see
 * {@code docs/storage-layout.md}):
 *
 * <pre>
 * backups/&lt;backup-id&gt;/&lt;component&gt;.&lt;extension&gt;   one artifact per component
 * backups/&lt;backup-id&gt;/backup.json                     the manifest, written last
 * </pre>
 *
 * A location's own prefix (for example {@code s3://bucket/prefix}) is applied by the
 * provider, below these keys. A backup without its manifest is incomplete by definition.
 */
final class StorageLayout {

	/** The folder holding all backups. */
	static final String BACKUPS = "backups/";

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

}
