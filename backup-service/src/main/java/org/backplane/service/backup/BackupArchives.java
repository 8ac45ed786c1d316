package org.backplane.service.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.storage.StorageKeyExistsException;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupArchive;
import org.backplane.service.store.BackupManifest;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.Role;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A backup as one file ({@link BackupArchive}): downloading a READY backup as a tar, and
 * uploading such a tar into this service's catalogue and storage, checked against its
 * manifest before the backup becomes READY. Both need the admin role: an archive is the
 * data itself, which leaves (or enters) the cluster with it.
 */
@Service
@NamedInterface("api")
public class BackupArchives {

	private static final Log logger = LogFactory.getLog(BackupArchives.class);

	private final BackupRepository backups;

	private final StorageLocations locations;

	private final BackupStores stores;

	private final LastSuccess lastSuccess;

	private final TransactionTemplate tx;

	private final long maxUploadBytes;

	private final JdbcTemplate jdbc;

	BackupArchives(BackupRepository backups, StorageLocations locations, BackupStores stores, LastSuccess lastSuccess,
			PlatformTransactionManager transactionManager, BackplaneProperties properties, JdbcTemplate jdbc) {
		this.backups = backups;
		this.locations = locations;
		this.stores = stores;
		this.lastSuccess = lastSuccess;
		this.tx = new TransactionTemplate(transactionManager);
		this.maxUploadBytes = properties.archive().maxUploadSize().toBytes();
		this.jdbc = jdbc;
	}

	/**
	 * Checks that a backup can be downloaded, from the catalogue alone (HEAD on its
	 * archive): nothing is read from storage.
	 * @param caller who asks; needs the admin role
	 * @param id the backup
	 * @throws BackupNotFoundException if there is none
	 * @throws BackupInUseException unless it is READY or being restored
	 */
	public void checkDownload(Caller caller, String id) {
		downloadable(caller, id);
	}

	private Backup downloadable(Caller caller, String id) {
		caller.require(Role.ADMIN, "downloading a backup");
		Ids.checkBackupId(id);
		Backup backup = this.backups.findById(id).orElseThrow(() -> new BackupNotFoundException(id));
		if (backup.getStatus() != BackupStatus.STATUS_READY && backup.getStatus() != BackupStatus.STATUS_RESTORING) {
			throw new BackupInUseException(id, backup.getStatus(), "download");
		}
		return backup;
	}

	/**
	 * Checks that a backup can be downloaded, before the answer starts.
	 * @param caller who asks; needs the admin role
	 * @param id the backup
	 * @return a writer of its archive, to call while the answer streams
	 * @throws BackupNotFoundException if there is none
	 * @throws BackupInUseException unless it is READY or being restored
	 */
	public Download download(Caller caller, String id) {
		Backup backup = downloadable(caller, id);
		StorageTarget target = this.locations.existingTarget(backup.getStorageLocation(), backup.getStoragePlacement(),
				null);
		logger.info("Backup download started: backupId=" + id + " by=" + caller.name());
		return (out) -> {
			try (BackupStore store = this.stores.open(target)) {
				store.writeArchive(id, out);
			}
		};
	}

	/**
	 * Imports an uploaded archive into a storage location and the catalogue: the manifest
	 * read and checked, the id refused if the catalogue or the location already has it,
	 * each artifact streamed to storage while its size and SHA-256 are checked against
	 * the manifest, the manifest stored last, then the backup entered READY. Anything
	 * that fails removes what was stored.
	 * @param caller who asks; needs the admin role
	 * @param location the storage location's name, or {@code null} for the default
	 * @param in the archive
	 * @return the backup, READY
	 * @throws org.backplane.service.support.InvalidRequestException if the archive is not
	 * valid, is truncated, is too large or does not match its manifest
	 * @throws BackupConflictException if the backup exists
	 * @throws StorageFailureException if storage fails
	 */
	public Backup upload(Caller caller, String location, InputStream in) {
		caller.require(Role.ADMIN, "uploading a backup");
		StorageLocation storageLocation = this.locations.location(location);
		StorageTarget target = this.locations.newTarget(storageLocation.name(), null);
		try (BackupStore store = this.stores.open(target)) {
			BackupArchive.Import archive = store.openArchive(in, this.maxUploadBytes);
			BackupManifest manifest = archive.manifest();
			String id = manifest.backupId();
			if (this.backups.existsById(id)) {
				throw new BackupConflictException(id,
						"Backup " + id + " is already in the catalogue: delete it first " + "to upload it again");
			}
			try {
				return this.jdbc.execute((ConnectionCallback<Backup>) (connection) -> {
					// held by this upload until it ends, on every replica (one database);
					// released by PostgreSQL if this process dies mid-upload
					if (!advisoryLock(connection, "pg_try_advisory_lock", id)) {
						throw new BackupConflictException(id, "Backup " + id + " is being uploaded by another request");
					}
					try {
						return storeUploaded(caller, storageLocation, target, store, archive, manifest);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					finally {
						advisoryLock(connection, "pg_advisory_unlock", id);
					}
				});
			}
			catch (UncheckedIOException ex) {
				throw ex.getCause();
			}
		}
		catch (IOException ex) {
			throw new StorageFailureException("store the uploaded backup", storageLocation.name(), ex);
		}
	}

	private Backup storeUploaded(Caller caller, StorageLocation storageLocation, StorageTarget target,
			BackupStore store, BackupArchive.Import archive, BackupManifest manifest) throws IOException {
		String id = manifest.backupId();
		if (store.sizeOf(BackupStore.manifestKey(id)).isPresent()) {
			throw new BackupConflictException(id, "Storage location '" + storageLocation.name()
					+ "' already holds backup " + id + ": sync the location to list it");
		}
		if (store.holdsObjectsOf(id)) {
			// objects without a manifest, and no upload of this id running (the lock):
			// an upload interrupted earlier (the manifest goes last), replaced now
			logger.warn(
					"Removing what an interrupted upload left: backupId=" + id + " location=" + storageLocation.name());
			store.deleteObjects(id);
		}
		try {
			store.storeArchive(archive);
		}
		catch (StorageKeyExistsException ex) {
			throw new BackupConflictException(id, "Backup " + id + " is being uploaded by another request");
		}
		Backup backup = Backup.imported(manifest, storageLocation.name(), storageLocation.redactedUri(),
				this.locations.destination(target), caller.name());
		try {
			this.tx.executeWithoutResult((status) -> {
				this.backups.saveAndFlush(backup);
				this.lastSuccess.record(backup);
			});
		}
		catch (DataIntegrityViolationException ex) {
			// entered meanwhile (a sync of this location, or the same upload twice):
			// the objects are that backup's now
			throw new BackupConflictException(id, "Backup " + id + " is already in the catalogue");
		}
		catch (RuntimeException ex) {
			store.discardArchive(archive);
			throw ex;
		}
		logger.info("Backup uploaded: backupId=" + id + " location=" + storageLocation.name() + " by=" + caller.name());
		return backup;
	}

	private static boolean advisoryLock(java.sql.Connection connection, String function, String id)
			throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select " + function + "(hashtextextended('backplane-import:' || ?, 0))")) {
			statement.setString(1, id);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	/**
	 * Writes a backup's archive.
	 */
	@FunctionalInterface
	@NamedInterface("api")
	public interface Download {

		/**
		 * @param out where the tar goes; not closed
		 * @throws IOException if storage fails or an artifact is damaged
		 */
		void writeTo(OutputStream out) throws IOException;

	}

}
