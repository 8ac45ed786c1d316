package org.backplane.service.backup;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupManifest;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Role;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the catalogue from storage (Velero's backup sync): storage is the source of
 * truth for what exists. For one location, in one listing:
 * <ul>
 * <li>every valid manifest whose backup is not in the catalogue is imported as
 * {@code STATUS_READY} (components, sizes, SHA-256, times and label from the manifest),
 * provided each artifact it lists is there with its size;</li>
 * <li>every {@code STATUS_READY} backup of the location whose manifest or an artifact is
 * gone (checked again object by object before anything changes) is marked
 * {@code STATUS_ERROR} "missing on storage: …": never deleted. Backups being written or
 * restored are not touched, nor are backups placed elsewhere by per-request parameters
 * (another bucket), which the location's listing cannot see.</li>
 * </ul>
 * The listing is read once, one backup folder at a time (in id order), and merged with
 * the catalogue's READY backups of the location read in keyset pages in the same order,
 * so memory does not grow with the catalogue or with storage. Runs at start-up, every
 * {@code backplane.storage.sync-interval} ({@link CatalogueSyncJob}) and on {@code POST
 * /api/v1/storage-locations/{name}/sync}. Safe on several replicas at once: an import
 * that another replica made first counts as unchanged.
 */
@Service
@NamedInterface("api")
public class CatalogueSync {

	/** The reason a vanished backup gets, before what is missing. */
	public static final String MISSING = "missing on storage";

	/** How many READY ids one page of the catalogue holds. */
	static final int PAGE_SIZE = 500;

	private static final Log logger = LogFactory.getLog(CatalogueSync.class);

	private final BackupRepository backups;

	private final StorageLocations locations;

	private final BackupStores stores;

	private final LastSuccess lastSuccess;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final JdbcTemplate jdbc;

	private final int pageSize;

	@Autowired
	CatalogueSync(BackupRepository backups, StorageLocations locations, BackupStores stores, LastSuccess lastSuccess,
			Clock clock, PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
		this(backups, locations, stores, lastSuccess, clock, transactionManager, jdbc, PAGE_SIZE);
	}

	CatalogueSync(BackupRepository backups, StorageLocations locations, BackupStores stores, LastSuccess lastSuccess,
			Clock clock, PlatformTransactionManager transactionManager, JdbcTemplate jdbc, int pageSize) {
		this.backups = backups;
		this.locations = locations;
		this.stores = stores;
		this.lastSuccess = lastSuccess;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactionManager);
		this.jdbc = jdbc;
		this.pageSize = pageSize;
	}

	/**
	 * Syncs one location, for a caller.
	 * @param caller who asks; needs the admin role
	 * @param location the location's name
	 * @return what changed
	 * @throws org.backplane.service.storage.UnknownStorageLocationException for an
	 * unknown location
	 * @throws StorageFailureException if the location cannot be listed
	 */
	public Result sync(Caller caller, String location) {
		caller.require(Role.ADMIN, "syncing the catalogue with a storage location");
		try {
			return sync(this.locations.location(location).name());
		}
		catch (IOException ex) {
			throw new StorageFailureException("sync the catalogue with storage location " + location, location, ex);
		}
	}

	/**
	 * Syncs every configured location; a location that fails is logged and the others
	 * still sync.
	 * @return each location's result
	 */
	public List<Result> syncAll() {
		List<Result> results = new ArrayList<>();
		for (StorageLocation location : this.locations.all()) {
			try {
				results.add(sync(location.name()));
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Catalogue sync failed: location=" + location.name() + " reason=" + ex.getMessage());
			}
		}
		return results;
	}

	Result sync(String location) throws IOException {
		StorageLocation storageLocation = this.locations.location(location);
		StorageTarget target = this.locations.newTarget(location, null);
		try (BackupStore store = this.stores.open(target)) {
			Merge merge = new Merge(location, storageLocation, store, target);
			store.forEachFolder(merge::folder);
			merge.readyUpTo(null);
			Result result = new Result(location, merge.imported, merge.missing, merge.unchanged, merge.invalid);
			if (merge.imported > 0 || merge.missing > 0 || merge.invalid > 0) {
				logger.info("Catalogue synced with storage: location=" + location + " imported=" + merge.imported
						+ " missing=" + merge.missing + " unchanged=" + merge.unchanged + " invalid=" + merge.invalid);
			}
			return result;
		}
	}

	/**
	 * One page of the READY backups of a location placed in the location itself (not
	 * elsewhere by per-request parameters, which the location's listing cannot see), in
	 * the order of their ids as strings: the id column compares in the "C" collation
	 * (V8), as {@link String#compareTo} and the storage listing do.
	 * @param location the location
	 * @param after the last id of the previous page ({@code ""} for the first)
	 * @return the ids
	 */
	private List<String> readyPage(String location, String after) {
		return this.jdbc.queryForList("""
				select id from backup
				where status = 'STATUS_READY' and storage_location = ? and storage_placement = '{}'::jsonb
				  and id > ?
				order by id limit ?
				""", String.class, location, after, this.pageSize);
	}

	private Outcome importFound(String id, BackupStore store, Map<String, Long> sizes, StorageLocation location,
			StorageTarget target) {
		BackupManifest manifest;
		try {
			manifest = store.readManifest(id);
			BackupStore.checkManifest(manifest);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Manifest not imported: location=" + location.name() + " backupId=" + id + " reason="
					+ ex.getMessage());
			return Outcome.INVALID;
		}
		for (BackupManifest.Component component : manifest.components()) {
			Long size = sizes.get(component.artifactKey());
			if (size == null || size != component.sizeBytes()) {
				logger.warn("Manifest not imported, an artifact is missing or of another size: location="
						+ location.name() + " backupId=" + id + " key=" + component.artifactKey());
				return Outcome.INVALID;
			}
		}
		Backup backup = Backup.imported(manifest, location.name(), location.redactedUri(),
				this.locations.destination(target), null);
		try {
			this.tx.executeWithoutResult((status) -> {
				this.backups.saveAndFlush(backup);
				this.lastSuccess.record(backup);
			});
		}
		catch (DataIntegrityViolationException ex) {
			// another replica (or an upload) entered it meanwhile
			return Outcome.UNCHANGED;
		}
		logger.info("Backup imported from storage: location=" + location.name() + " backupId=" + id);
		return Outcome.IMPORTED;
	}

	/**
	 * What of a backup is not in a listing.
	 * @param backup the backup
	 * @param sizes the listing: key to size
	 * @return a description, or {@code null} when everything is there
	 */
	private static String whatIsMissing(Backup backup, Map<String, Long> sizes) {
		List<String> gone = new ArrayList<>();
		if (!sizes.containsKey(BackupStore.manifestKey(backup.getId()))) {
			gone.add("manifest " + BackupStore.manifestKey(backup.getId()));
		}
		for (BackupComponent component : backup.getComponents()) {
			Long size = sizes.get(component.getArtifactKey());
			if (size == null || !size.equals(component.getSizeBytes())) {
				gone.add("artifact " + component.getArtifactKey());
			}
		}
		return gone.isEmpty() ? null : String.join(", ", gone);
	}

	/**
	 * Looks again, object by object (the listing may predate a backup that became READY
	 * since), and marks the backup if it is still READY and still incomplete.
	 * @param id the backup
	 * @param store its store
	 * @return whether it was marked
	 */
	private boolean markIfStillMissing(String id, BackupStore store) {
		Boolean marked = this.tx.execute((status) -> {
			Backup backup = this.backups.findForUpdate(id).orElse(null);
			if (backup == null || backup.getStatus() != BackupStatus.STATUS_READY) {
				return false;
			}
			List<String> gone = new ArrayList<>();
			try {
				if (store.sizeOf(BackupStore.manifestKey(id)).isEmpty()) {
					gone.add("manifest " + BackupStore.manifestKey(id));
				}
				for (BackupComponent component : backup.getComponents()) {
					OptionalLong size = store.sizeOf(component.getArtifactKey());
					if (size.isEmpty()) {
						gone.add("artifact " + component.getArtifactKey());
					}
					else if (component.getSizeBytes() == null || size.getAsLong() != component.getSizeBytes()) {
						gone.add("artifact " + component.getArtifactKey() + " (" + size.getAsLong() + " bytes, "
								+ component.getSizeBytes() + " recorded)");
					}
				}
			}
			catch (IOException ex) {
				logger.warn("Could not check a backup on storage: backupId=" + id + " reason=" + ex.getMessage());
				return false;
			}
			if (gone.isEmpty()) {
				return false;
			}
			backup.markMissing(MISSING + ": " + String.join(", ", gone), this.clock.instant());
			this.backups.saveAndFlush(backup);
			logger.warn("Backup missing on storage, marked STATUS_ERROR: backupId=" + id + " missing=" + gone);
			return true;
		});
		return Boolean.TRUE.equals(marked);
	}

	private enum Outcome {

		IMPORTED, UNCHANGED, INVALID

	}

	/**
	 * What one sync did.
	 *
	 * @param location the location's name
	 * @param imported backups found on storage and entered into the catalogue
	 * @param missing READY backups whose manifest or artifacts vanished, now
	 * {@code STATUS_ERROR}
	 * @param unchanged backups on storage already in the catalogue
	 * @param invalid manifests on storage that could not be imported (unreadable, of a
	 * newer format, or an artifact missing); each is logged
	 */
	@NamedInterface("api")
	public record Result(String location, int imported, int missing, int unchanged, int invalid) {
	}

	/**
	 * A merge join of the storage listing (folders in id order) with the catalogue's
	 * READY backups of the location (in keyset pages, in the same order): memory holds
	 * one folder and one page, whatever the size of the catalogue and of storage.
	 */
	private final class Merge {

		private final String location;

		private final StorageLocation storageLocation;

		private final BackupStore store;

		private final StorageTarget target;

		private final java.util.ArrayDeque<String> page = new java.util.ArrayDeque<>();

		private String after = "";

		private boolean exhausted;

		int imported;

		int missing;

		int unchanged;

		int invalid;

		Merge(String location, StorageLocation storageLocation, BackupStore store, StorageTarget target) {
			this.location = location;
			this.storageLocation = storageLocation;
			this.store = store;
			this.target = target;
		}

		void folder(BackupStore.Folder folder) {
			readyUpTo(folder.backupId());
			String ready = peekReady();
			if (ready != null && ready.equals(folder.backupId())) {
				this.page.poll();
				Backup backup = CatalogueSync.this.backups.findById(ready).orElse(null);
				if (backup != null && backup.getStatus() == BackupStatus.STATUS_READY
						&& whatIsMissing(backup, folder.sizes()) != null && markIfStillMissing(ready, this.store)) {
					this.missing++;
					return;
				}
				if (folder.hasManifest()) {
					this.unchanged++;
					return;
				}
			}
			if (!folder.hasManifest()) {
				return;
			}
			String id = folder.backupId();
			// the catalogue first, then the manifest: a backup deleted meanwhile has
			// lost its manifest before its row, so it is never imported again
			if (CatalogueSync.this.backups.existsById(id)) {
				this.unchanged++;
				return;
			}
			switch (importFound(id, this.store, folder.sizes(), this.storageLocation, this.target)) {
				case IMPORTED -> this.imported++;
				case UNCHANGED -> this.unchanged++;
				case INVALID -> this.invalid++;
			}
		}

		/**
		 * Handles the READY backups before a folder's id (or all that are left): storage
		 * has no folder for them.
		 * @param id the folder's id, or {@code null} for the end of the listing
		 */
		void readyUpTo(String id) {
			String ready;
			while ((ready = peekReady()) != null && (id == null || ready.compareTo(id) < 0)) {
				this.page.poll();
				if (markIfStillMissing(ready, this.store)) {
					this.missing++;
				}
			}
		}

		private String peekReady() {
			if (this.page.isEmpty() && !this.exhausted) {
				List<String> next = readyPage(this.location, this.after);
				this.page.addAll(next);
				if (!next.isEmpty()) {
					this.after = next.get(next.size() - 1);
				}
				this.exhausted = next.size() < CatalogueSync.this.pageSize;
			}
			return this.page.peek();
		}

	}

}
