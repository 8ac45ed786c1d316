package org.backplane.service.backup;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

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

import org.springframework.dao.DataIntegrityViolationException;
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
 * Runs at start-up, every {@code backplane.storage.sync-interval}
 * ({@link CatalogueSyncJob}) and on {@code POST /api/v1/storage-locations/{name}/sync}.
 * Safe on several replicas at once: an import that another replica made first counts as
 * unchanged.
 */
@Service
@NamedInterface("api")
public class CatalogueSync {

	/** The reason a vanished backup gets, before what is missing. */
	public static final String MISSING = "missing on storage";

	private static final Log logger = LogFactory.getLog(CatalogueSync.class);

	private final BackupRepository backups;

	private final StorageLocations locations;

	private final BackupStores stores;

	private final LastSuccess lastSuccess;

	private final Clock clock;

	private final TransactionTemplate tx;

	CatalogueSync(BackupRepository backups, StorageLocations locations, BackupStores stores, LastSuccess lastSuccess,
			Clock clock, PlatformTransactionManager transactionManager) {
		this.backups = backups;
		this.locations = locations;
		this.stores = stores;
		this.lastSuccess = lastSuccess;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactionManager);
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
			Map<String, Long> sizes = store.objectSizes();
			Set<String> missing = new TreeSet<>();
			for (Backup ready : this.backups.findByStatusAndStorageLocation(BackupStatus.STATUS_READY, location)) {
				if (!ready.getStoragePlacement().isEmpty()) {
					continue;
				}
				if (whatIsMissing(ready, sizes) != null && markIfStillMissing(ready.getId(), store)) {
					missing.add(ready.getId());
				}
			}
			int imported = 0;
			int unchanged = 0;
			int invalid = 0;
			for (String key : sizes.keySet()) {
				String id = BackupStore.backupIdOfManifest(key);
				if (id == null || missing.contains(id)) {
					continue;
				}
				// the catalogue first, then the manifest: a backup deleted meanwhile has
				// lost its manifest before its row, so it is never imported again
				if (this.backups.existsById(id)) {
					unchanged++;
					continue;
				}
				switch (importFound(id, store, sizes, storageLocation, target)) {
					case IMPORTED -> imported++;
					case UNCHANGED -> unchanged++;
					case INVALID -> invalid++;
				}
			}
			Result result = new Result(location, imported, missing.size(), unchanged, invalid);
			if (imported > 0 || !missing.isEmpty() || invalid > 0) {
				logger.info("Catalogue synced with storage: location=" + location + " imported=" + imported
						+ " missing=" + missing.size() + " unchanged=" + unchanged + " invalid=" + invalid);
			}
			return result;
		}
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

}
