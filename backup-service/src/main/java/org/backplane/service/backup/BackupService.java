package org.backplane.service.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.ComponentLocks;
import org.backplane.service.job.JobProgress;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.job.Jobs;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageBatchDeletion;
import org.backplane.service.storage.StorageLayout;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.ServiceVersion;

import org.springframework.data.domain.Limit;
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
public class BackupService {

	private static final Log logger = LogFactory.getLog(BackupService.class);

	/** The largest page {@link #list} returns. */
	public static final int MAX_PAGE = 500;

	private final BackupRepository backups;

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final ComponentLocks locks;

	private final Jobs jobs;

	private final BackupJob job;

	private final ServiceVersion version;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final JobSecrets secrets;

	BackupService(BackupRepository backups, SourceComponentRegistry sources, StorageLocations storage,
			ComponentLocks locks, Jobs jobs, BackupJob job, ServiceVersion version, Clock clock,
			PlatformTransactionManager transactionManager, JobSecrets secrets) {
		this.secrets = secrets;
		this.tx = new TransactionTemplate(transactionManager);
		this.backups = backups;
		this.sources = sources;
		this.storage = storage;
		this.locks = locks;
		this.jobs = jobs;
		this.job = job;
		this.version = version;
		this.clock = clock;
	}

	/**
	 * Starts a backup.
	 * @param label its label
	 * @param componentNames the components, or {@code null}/empty for all
	 * @param locationName a storage location's name, or {@code null} for the default
	 * @param parameters per-request parameters (credentials), used for this job only and
	 * sealed meanwhile; may be {@code null}
	 * @return the new backup, {@code STATUS_BACKING_UP}, its components
	 * {@code STATUS_UNKNOWN}
	 * @throws InvalidRequestException for a bad label, component or location
	 * @throws org.backplane.service.job.ComponentBusyException if a component is in use
	 */
	@Transactional
	public Backup create(String label, List<String> componentNames, String locationName,
			Map<String, String> parameters) {
		Ids.checkLabel(label);
		List<SourceComponent> components = this.sources.select(componentNames);
		StorageLocation location = this.storage.location(locationName);
		checkParameters(this.storage, location.name(), parameters);
		Instant now = this.clock.instant();
		Backup backup = Backup.start(Ids.newBackupId(label), label, this.version.get(), location.name(),
				location.redactedUri(),
				components.stream().map((c) -> new Backup.ComponentRef(c.name(), c.type())).toList(), now);
		backup.placeWith(StorageLocations.placement(parameters));
		this.backups.save(backup);
		this.locks.acquire(components.stream().map(SourceComponent::name).toList(), backup.getId(), "backup");
		this.secrets.seal(backup.getId(), parameters);
		this.jobs.enqueue(this.job.oneTimeTask().instance(backup.getId()));
		logger.info("Backup requested: backupId=" + backup.getId() + " components="
				+ components.stream().map(SourceComponent::name).toList() + " location=" + location.name());
		return backup;
	}

	/**
	 * Checks per-request parameters against a storage location's adapter: names it does
	 * not know are refused (the message names keys, never values).
	 * @param storage the locations
	 * @param location the location's name
	 * @param parameters the parameters, possibly {@code null}
	 * @throws InvalidRequestException if they are not valid
	 */
	public static void checkParameters(StorageLocations storage, String location, Map<String, String> parameters) {
		if (checkParameterNames(storage, location, parameters)) {
			lease(storage, location, parameters, parameters).close();
		}
	}

	/**
	 * The checks of {@link #checkParameters} that need no provider.
	 * @return whether there are parameters to check further
	 */
	private static boolean checkParameterNames(StorageLocations storage, String location,
			Map<String, String> parameters) {
		if (parameters == null || parameters.isEmpty()) {
			return false;
		}
		parameters.forEach((name, value) -> {
			if (name == null || name.isBlank() || value == null || value.isBlank()) {
				throw new InvalidRequestException(
						"Per-request parameter '" + Ids.printable(name) + "' needs a name and a non-empty value");
			}
		});
		String scheme = storage.location(location).uri().getScheme();
		if ("file".equalsIgnoreCase(scheme)) {
			throw new InvalidRequestException("Storage location '" + location + "' is a file location and takes no "
					+ "per-request parameters (got " + parameters.keySet() + ")");
		}
		return true;
	}

	/**
	 * Leases a location's provider with per-request parameters; building it checks them.
	 * @param given the parameters as the request gave them, named in the message if they
	 * are refused
	 */
	private static StorageLocations.Lease lease(StorageLocations storage, String location,
			Map<String, String> parameters, Map<String, String> given) {
		try {
			return storage.lease(location, parameters);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("Invalid per-request parameters " + given.keySet()
					+ " for storage location '" + location + "': " + ex.getMessage());
		}
	}

	/**
	 * Backs up components now, on the calling thread, while another operation holds their
	 * locks: the safety backup a restore takes before it overwrites. The backup is an
	 * ordinary one in the catalogue and on storage.
	 * @param label its label
	 * @param componentNames the components; their locks are held by the caller
	 * @param locationName the storage location's name
	 * @param runnerName the runner doing it
	 * @param shuttingDown tells when the service is stopping
	 * @param parameters per-request parameters of the restore that asks for it, possibly
	 * empty
	 * @return the backup, {@code STATUS_READY} or {@code STATUS_ERROR}
	 */
	public Backup backUpHeldComponents(String label, List<String> componentNames, String locationName,
			String runnerName, java.util.function.BooleanSupplier shuttingDown, Map<String, String> parameters) {
		Ids.checkLabel(label);
		List<SourceComponent> components = this.sources.select(componentNames);
		StorageLocation location = this.storage.location(locationName);
		Backup backup = Backup.start(Ids.newBackupId(label), label, this.version.get(), location.name(),
				location.redactedUri(),
				components.stream().map((c) -> new Backup.ComponentRef(c.name(), c.type())).toList(),
				this.clock.instant());
		backup.placeWith(StorageLocations.placement(parameters));
		this.tx.executeWithoutResult((status) -> {
			this.backups.save(backup);
			this.backups.flush();
			this.backups.claim(backup.getId(), runnerName, this.clock.instant());
			this.secrets.seal(backup.getId(), parameters);
		});
		logger.info("Safety backup started: backupId=" + backup.getId() + " components=" + componentNames);
		this.job.run(backup.getId(), runnerName, new JobProgress(shuttingDown));
		return this.backups.findById(backup.getId()).orElseThrow(() -> new BackupNotFoundException(backup.getId()));
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
	 * Lists backups newest first, a page at a time (keyset pagination).
	 * @param prefix only ids starting with this, or {@code null}
	 * @param status only this status, or {@code null}
	 * @param limit page size, 1 to {@link #MAX_PAGE}
	 * @param cursor from the previous page, or {@code null}
	 * @return the page
	 */
	@Transactional(readOnly = true)
	public Page list(String prefix, BackupStatus status, int limit, String cursor) {
		if (limit < 1 || limit > MAX_PAGE) {
			throw new InvalidRequestException("limit must be between 1 and " + MAX_PAGE + ", got " + limit);
		}
		Cursor after = Cursor.decode(cursor);
		// never null: PostgreSQL cannot type a null parameter inside concat()
		String likePrefix = (prefix == null) ? ""
				: prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		// the first page starts after a position beyond every backup: PostgreSQL cannot
		// type a null timestamp
		Cursor from = (after != null) ? after : new Cursor(Instant.parse("9999-12-31T23:59:59Z"), "~");
		List<Backup> rows = this.backups.findPage(likePrefix, status, from.createdAt(), from.id(), Limit.of(limit + 1));
		String next = null;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			Backup last = rows.get(limit - 1);
			next = new Cursor(last.getCreatedAt(), last.getId()).encode();
		}
		return new Page(List.copyOf(rows), next);
	}

	/**
	 * Deletes a backup: its stored objects (the manifest first, so a half-deleted backup
	 * is visibly incomplete), then its record. The row stays locked meanwhile, so no
	 * restore can start.
	 * @param id the backup's id
	 * @param parameters per-request credentials for the backup's location, as on create
	 * and restore (used for this call only, never stored), or {@code null}; the backup's
	 * recorded placement applies
	 * @throws BackupInUseException while it is being written or restored
	 * @throws InvalidRequestException if a parameter is unknown to the location or places
	 * the backup elsewhere
	 * @throws StorageFailureException if storage refuses; the record is then kept
	 */
	@Transactional
	public void delete(String id, Map<String, String> parameters) {
		Ids.checkBackupId(id);
		Backup backup = this.backups.findForUpdate(id).orElseThrow(() -> new BackupNotFoundException(id));
		// the provider is built once, below: building it checks the parameters
		checkParameterNames(this.storage, backup.getStorageLocation(), parameters);
		Map<String, String> leaseParameters;
		try {
			leaseParameters = StorageLocations.withPlacement(backup.getStorageParameters(), parameters);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException(ex.getMessage());
		}
		if (!backup.getStatus().isDeletable()) {
			throw new BackupInUseException(id, backup.getStatus(), "delete");
		}
		Map<String, String> given = (parameters != null) ? parameters : Map.of();
		try (StorageLocations.Lease lease = lease(this.storage, backup.getStorageLocation(), leaseParameters, given)) {
			StorageProvider provider = lease.provider();
			provider.delete(StorageLayout.manifestKey(id));
			List<String> keys;
			try (Stream<StorageObject> objects = provider.list(StorageLayout.backupPrefix(id))) {
				keys = objects.map(StorageObject::key).toList();
			}
			if (provider instanceof StorageBatchDeletion batch) {
				batch.deleteAll(keys);
			}
			else {
				for (String key : keys) {
					provider.delete(key);
				}
			}
		}
		catch (IOException ex) {
			throw new StorageFailureException("delete backup " + id, backup.getStorageLocation(), ex);
		}
		this.backups.delete(backup);
		logger.info("Backup deleted: backupId=" + id);
	}

	/**
	 * A page of backups.
	 *
	 * @param items the backups
	 * @param nextCursor the next page's cursor, or {@code null}
	 */
	public record Page(List<Backup> items, String nextCursor) {
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
