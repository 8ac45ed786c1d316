package org.backplane.service.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.ComponentBusyException;
import org.backplane.service.job.ComponentLocks;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.job.Jobs;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupPlace;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;
import org.backplane.service.store.ObjectPool;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.Role;
import org.backplane.service.support.ServiceVersion;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, reads, lists and deletes backups. Creating saves the row
 * {@code STATUS_BACKING_UP}, takes the components' locks and queues the job in one
 * transaction; the job runs elsewhere.
 */
@Service
@NamedInterface("api")
public class BackupService {

	private static final Log logger = LogFactory.getLog(BackupService.class);

	/** The largest page {@link #list} returns. */
	public static final int MAX_PAGE = 500;

	private final BackupRepository backups;

	private final BackupPages pages;

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final BackupStores stores;

	private final ComponentLocks locks;

	private final Jobs jobs;

	private final BackupJob job;

	private final ServiceVersion version;

	private final Clock clock;

	private final JobSecrets secrets;

	private final PoolCollector pools;

	private final TransactionTemplate tx;

	BackupService(BackupRepository backups, BackupPages pages, SourceComponentRegistry sources,
			StorageLocations storage, BackupStores stores, ComponentLocks locks, Jobs jobs, BackupJob job,
			ServiceVersion version, Clock clock, JobSecrets secrets, PoolCollector pools,
			PlatformTransactionManager transactionManager) {
		this.pools = pools;
		this.tx = new TransactionTemplate(transactionManager);
		this.backups = backups;
		this.pages = pages;
		this.sources = sources;
		this.storage = storage;
		this.stores = stores;
		this.locks = locks;
		this.jobs = jobs;
		this.job = job;
		this.version = version;
		this.clock = clock;
		this.secrets = secrets;
	}

	/**
	 * Starts a backup.
	 * @param caller who asks; creating needs the operator role, per-request placement
	 * parameters the admin role
	 * @param label its label
	 * @param componentNames the components, or {@code null}/empty for all
	 * @param locationName a storage location's name, or {@code null} for the default
	 * @param parameters per-request parameters (credentials), used for this job only and
	 * sealed meanwhile; may be {@code null}
	 * @return the new backup, {@code STATUS_BACKING_UP}, its components
	 * {@code STATUS_UNKNOWN}
	 * @throws InvalidRequestException for a bad label, component or location
	 * @throws ComponentBusyException if a component is in use
	 */
	@Transactional
	public Backup create(Caller caller, String label, List<String> componentNames, String locationName,
			Map<String, String> parameters) {
		return create(caller, label, componentNames, locationName, parameters, null);
	}

	/**
	 * Starts a backup, in Backplane's own layout or in a data-service snapshot's.
	 * @param caller who asks, as for {@link #create(Caller, String, List, String, Map)}
	 * @param label its label
	 * @param componentNames the components, or {@code null}/empty for all
	 * @param locationName a storage location's name, or {@code null} for the default
	 * @param parameters per-request parameters, sealed meanwhile; may be {@code null}
	 * @param snapshot the snapshot layout to write, or {@code null} for Backplane's own
	 * @return the new backup
	 */
	@Transactional
	public Backup create(Caller caller, String label, List<String> componentNames, String locationName,
			Map<String, String> parameters, SnapshotLayout snapshot) {
		caller.require(Role.OPERATOR, "creating a backup");
		Ids.checkLabel(label);
		List<SourceComponent> components = this.sources.select(componentNames);
		StorageLocation location = this.storage.location(locationName);
		Map<String, String> componentParameters = this.sources.componentParameters(components, parameters);
		Map<String, String> storageParameters = this.sources.storageParameters(parameters);
		Set<String> placement = this.storage.placementNamesIn(location.name(), storageParameters);
		if (!placement.isEmpty()) {
			caller.require(Role.ADMIN, "placing a backup with per-request parameters " + placement);
		}
		StorageTarget target = this.storage.newTarget(location.name(), storageParameters);
		Instant now = this.clock.instant();
		Backup backup = Backup.start(Ids.newBackupId(label), label, this.version.get(), location.name(),
				location.redactedUri(), caller.name(),
				components.stream().map((c) -> new Backup.ComponentRef(c.name(), c.type())).toList(), now);
		backup.placeWith(target.placement(), this.storage.destination(target));
		if (snapshot != null) {
			backup.placeInSnapshot(snapshot.layout(), snapshot.name());
		}
		this.backups.save(backup);
		this.locks.acquire(components.stream().map(SourceComponent::name).toList(), backup.getId(), "backup");
		Map<String, String> sealed = new TreeMap<>(target.parameters());
		sealed.putAll(componentParameters);
		this.secrets.seal(backup.getId(), sealed);
		this.jobs.enqueue(this.job, backup.getId());
		logger.info("Backup requested: backupId=" + backup.getId() + " components="
				+ components.stream().map(SourceComponent::name).toList() + " location=" + location.name());
		return backup;
	}

	/**
	 * @param id a backup id
	 * @return the backup
	 * @throws InvalidRequestException if the id is malformed
	 * @throws BackupNotFoundException if there is none
	 */
	@Transactional(readOnly = true)
	public Backup get(String id) {
		Ids.checkBackupId(id);
		return this.backups.findById(id).orElseThrow(() -> new BackupNotFoundException(id));
	}

	/**
	 * @param id a backup id
	 * @return the backup, if there is one with this id (none for a malformed id)
	 */
	@Transactional(readOnly = true)
	public Optional<Backup> find(String id) {
		return Ids.isBackupId(id) ? this.backups.findById(id) : Optional.empty();
	}

	/**
	 * Lists backups newest first, a page at a time (keyset pagination).
	 * @param prefix only ids starting with this, or {@code null}
	 * @param status only this status, or {@code null}
	 * @param limit page size, 1 to {@link #MAX_PAGE}
	 * @param cursor from the previous page, or {@code null}
	 * @return the page
	 */
	public Page list(String prefix, BackupStatus status, int limit, String cursor) {
		if (limit < 1 || limit > MAX_PAGE) {
			throw new InvalidRequestException("limit must be between 1 and " + MAX_PAGE + ", got " + limit);
		}
		Ids.checkText("prefix", prefix, 200);
		Cursor after = Cursor.decode(cursor);
		List<BackupView> rows = this.pages.find(prefix, status, (after != null) ? after.createdAt() : null,
				(after != null) ? after.id() : null, limit + 1);
		String next = null;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			BackupView last = rows.get(limit - 1);
			next = new Cursor(last.createdAt(), last.id()).encode();
		}
		return new Page(List.copyOf(rows), next);
	}

	/**
	 * Deletes a backup. First, in its own transaction and with the row locked, the backup
	 * is marked as being deleted ({@code STATUS_ERROR}, reason "Being deleted", so no
	 * restore can start and nothing shows it READY while its objects go); then its stored
	 * objects are removed (the manifest first, so a half-deleted backup is visibly
	 * incomplete); then its record. If storage fails, the record stays
	 * {@code STATUS_ERROR} with the reason and the deletion is retried later
	 * ({@link #retryDeletions}); if it refused the first step, the manifest's deletion,
	 * nothing was deleted and the backup is put back as it was (a location that needs the
	 * request's credentials, asked without them, keeps its backup READY).
	 * @param caller who asks; deleting needs the admin role
	 * @param id the backup's id
	 * @param parameters per-request credentials for the backup's location, as on create
	 * and restore (used for this call only, never stored), or {@code null}; the backup's
	 * recorded placement applies
	 * @throws BackupInUseException while it is being written or restored, or while it is
	 * pinned
	 * @throws InvalidRequestException if a parameter is unknown to the location or places
	 * the backup elsewhere
	 * @throws StorageFailureException if storage refuses; the record is then kept: as it
	 * was if nothing was deleted, else {@code STATUS_ERROR} and the deletion retried
	 * later
	 */
	public void delete(Caller caller, String id, Map<String, String> parameters) {
		caller.require(Role.ADMIN, "deleting a backup");
		Ids.checkBackupId(id);
		Deletion deletion = this.tx.execute((status) -> {
			Backup backup = this.backups.findForUpdate(id).orElseThrow(() -> new BackupNotFoundException(id));
			StorageTarget existing = this.storage.existingTarget(backup.getStorageLocation(),
					backup.getStoragePlacement(), parameters);
			if (!backup.getStatus().isDeletable()) {
				throw new BackupInUseException(id, backup.getStatus(), "delete");
			}
			if (backup.isPinned()) {
				throw new BackupPinnedException(id);
			}
			Deletion started = new Deletion(existing, BackupJob.placeOf(backup), backup.getStatus(),
					backup.getErrorReason(), backup.getDeletingSince() != null);
			if (!started.retry()) {
				backup.markDeleting("Being deleted (requested by " + caller.name() + ")", this.clock.instant());
				this.backups.saveAndFlush(backup);
			}
			return started;
		});
		try (BackupStore store = this.stores.open(deletion.target())) {
			try {
				store.deleteManifest(deletion.place());
			}
			catch (IOException | RuntimeException ex) {
				if (!deletion.retry()) {
					// nothing was deleted: the backup is intact, as it was
					this.tx.executeWithoutResult((status) -> this.backups.findForUpdate(id)
						.ifPresent((backup) -> backup.deletionAbandoned(deletion.previousStatus(),
								deletion.previousReason(), this.clock.instant())));
				}
				throw new StorageFailureException("delete backup " + id, deletion.target().location(), ex);
			}
			store.deleteObjects(deletion.place());
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof StorageFailureException) {
				throw (StorageFailureException) ex;
			}
			String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			this.tx.executeWithoutResult((status) -> this.backups.findForUpdate(id).ifPresent((backup) -> {
				backup.markDeleting("Deletion failed, retried later: " + reason, this.clock.instant());
				this.backups.saveAndFlush(backup);
			}));
			logger.warn("Deleting a backup's objects failed, retried later: backupId=" + id + " reason=" + reason);
			throw new StorageFailureException("delete backup " + id, deletion.target().location(), ex);
		}
		this.tx.executeWithoutResult((status) -> this.backups.findForUpdate(id).ifPresent((backup) -> {
			this.backups.delete(backup);
			if (backup.getComponents()
				.stream()
				.anyMatch((c) -> c.getArtifactKey() != null
						&& c.getArtifactKey().endsWith("." + ObjectPool.INDEX_EXTENSION))) {
				// its pooled contents may no longer be referenced (collected after the
				// commit)
				this.pools.request(backup, deletion.target().parameters());
			}
		}));
		logger.info("Backup deleted: backupId=" + id);
	}

	/**
	 * Retries the deletions that failed (storage was down) or were cut short (the service
	 * stopped). Each failure is recorded on its backup and logged.
	 * @param caller on whose behalf (the admin role)
	 * @return how many backups were deleted
	 */
	public int retryDeletions(Caller caller) {
		int deleted = 0;
		for (String id : this.backups.findDeletingIds()) {
			try {
				delete(caller, id, null);
				deleted++;
			}
			catch (BackupNotFoundException ex) {
				// deleted meanwhile
			}
			catch (RuntimeException ex) {
				logger.warn("Retrying a deletion failed: backupId=" + id + " reason=" + ex.getMessage());
			}
		}
		return deleted;
	}

	/**
	 * Pins or unpins a backup. A pinned backup is never deleted, by retention or by hand.
	 * @param caller who asks; the admin role
	 * @param id the backup's id
	 * @param pinned whether to pin it
	 * @return the backup
	 * @throws BackupNotFoundException if there is none
	 * @throws BackupInUseException when pinning a backup whose deletion started
	 */
	@Transactional
	public Backup pin(Caller caller, String id, boolean pinned) {
		caller.require(Role.ADMIN, (pinned ? "pinning" : "unpinning") + " a backup");
		Ids.checkBackupId(id);
		Backup backup = this.backups.findForUpdate(id).orElseThrow(() -> new BackupNotFoundException(id));
		if (pinned && backup.getDeletingSince() != null) {
			throw new BackupInUseException(id, backup.getStatus(), "pin",
					"its deletion started (its objects may be gone) and is retried until it is done");
		}
		if (backup.isPinned() != pinned) {
			backup.pin(pinned, this.clock.instant());
			this.backups.saveAndFlush(backup);
			logger.info("Backup " + (pinned ? "pinned" : "unpinned") + ": backupId=" + id + " by=" + caller.name());
		}
		return backup;
	}

	/**
	 * A deletion under way.
	 *
	 * @param target where the backup is stored
	 * @param place where in it (Backplane's layout or a data-service snapshot's)
	 * @param previousStatus its status before
	 * @param previousReason its error reason before, or {@code null}
	 * @param retry whether an earlier deletion had started (its manifest may be gone)
	 */
	private record Deletion(StorageTarget target, BackupPlace place, BackupStatus previousStatus, String previousReason,
			boolean retry) {
	}

	/**
	 * The layout of a data-service snapshot a backup writes.
	 *
	 * @param layout {@code s3} (plain objects per file) or {@code azure} (one tar.gz per
	 * node)
	 * @param name the snapshot's name, the first segment of its keys
	 */
	@NamedInterface("api")
	public record SnapshotLayout(String layout, String name) {
	}

	/**
	 * A page of backups.
	 *
	 * @param items the backups
	 * @param nextCursor the next page's cursor, or {@code null}
	 */
	@NamedInterface("api")
	public record Page(List<BackupView> items, String nextCursor) {
	}

	record Cursor(Instant createdAt, String id) {

		String encode() {
			String raw = this.createdAt.getEpochSecond() + "." + this.createdAt.getNano() + ":" + this.id;
			return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
		}

		static Cursor decode(String cursor) {
			if (cursor == null || cursor.isEmpty()) {
				return null;
			}
			try {
				String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int colon = raw.indexOf(':');
				String[] time = raw.substring(0, colon).split("\\.");
				return new Cursor(Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
						raw.substring(colon + 1));
			}
			catch (RuntimeException ex) {
				throw new InvalidRequestException("Invalid cursor '" + Ids.printable(cursor)
						+ "': pass the nextCursor of the previous page as it is");
			}
		}

	}

}
