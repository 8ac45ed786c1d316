package org.backplane.service.restore;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.backup.BackupCatalogue;
import org.backplane.service.backup.StoredBackup;
import org.backplane.service.job.ComponentLocks;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.job.Jobs;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponent.RestoreOptions;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.Role;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts and reads restores. Starting moves the backup to {@code STATUS_RESTORING}, saves
 * the restore {@code STATUS_RESTORING}, takes the components' locks and queues the job,
 * in one transaction.
 */
@Service
@NamedInterface("api")
public class RestoreService {

	/** The longest {@code targetPath} the catalogue stores. */
	static final int MAX_TARGET_PATH = 1024;

	private static final Log logger = LogFactory.getLog(RestoreService.class);

	private final RestoreRepository restores;

	private final BackupCatalogue backups;

	private final SourceComponentRegistry sources;

	private final ComponentLocks locks;

	private final Jobs jobs;

	private final RestoreJob job;

	private final Clock clock;

	private final StorageLocations storage;

	private final JobSecrets secrets;

	private final RestoreSummaries summaries;

	RestoreService(RestoreRepository restores, BackupCatalogue backups, SourceComponentRegistry sources,
			ComponentLocks locks, Jobs jobs, RestoreJob job, Clock clock, StorageLocations storage, JobSecrets secrets,
			RestoreSummaries summaries) {
		this.restores = restores;
		this.backups = backups;
		this.sources = sources;
		this.locks = locks;
		this.jobs = jobs;
		this.job = job;
		this.clock = clock;
		this.storage = storage;
		this.secrets = secrets;
		this.summaries = summaries;
	}

	/**
	 * Starts a restore.
	 * @param caller who asks; restoring needs the operator role, and the admin role to
	 * overwrite (the policy asked for, or a component's own), to restore into a
	 * {@code targetPath} or with per-request placement parameters
	 * @param backupId the backup to restore; must be {@code STATUS_READY}
	 * @param componentNames the components, or {@code null}/empty for all of the backup's
	 * @param policy {@code fail-if-exists} / {@code overwrite}, or {@code null} for each
	 * component's own
	 * @param targetPath a different target, or {@code null}; only with exactly one
	 * component
	 * @param parameters per-request parameters (credentials), used for this job only and
	 * sealed meanwhile; may be {@code null}
	 * @return the new restore
	 */
	@Transactional
	public Restore create(Caller caller, String backupId, List<String> componentNames, String policy, String targetPath,
			Map<String, String> parameters) {
		caller.require(Role.OPERATOR, "restoring a backup");
		Ids.checkBackupId(backupId);
		String policyValue = null;
		if (policy != null) {
			try {
				policyValue = RestorePolicy.of(policy).value();
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequestException(ex.getMessage());
			}
		}
		Ids.checkText("targetPath", targetPath, MAX_TARGET_PATH);
		// not contains(null): an immutable list (List.of) throws NullPointerException on
		// it
		if (componentNames != null && componentNames.stream().anyMatch(Objects::isNull)) {
			throw new InvalidRequestException("components holds a null: name each component as a string");
		}
		StoredBackup backup = this.backups.find(backupId);
		Map<String, String> requested = parameters;
		parameters = this.sources.storageParameters(requested);
		Set<String> placement = this.storage.placementNamesIn(backup.storageLocation(), parameters);
		if (!placement.isEmpty()) {
			caller.require(Role.ADMIN, "restoring with per-request placement parameters " + placement);
		}
		StorageTarget target = this.storage.existingTarget(backup.storageLocation(), backup.storagePlacement(),
				parameters);
		if (parameters != null && !parameters.isEmpty()) {
			// building the provider checks the values
			this.storage.lease(target).close();
		}
		List<String> names = this.backups.beginRestore(backupId, componentNames);
		for (String name : names) {
			if (this.sources.find(name).isEmpty()) {
				throw new InvalidRequestException("Component '" + name + "' of backup " + backupId
						+ " is not configured on this service, so there is nowhere to restore it: configure it, or restore other components");
			}
		}
		if (targetPath != null && names.size() != 1) {
			throw new InvalidRequestException("targetPath needs exactly one component: name it in components");
		}
		if (targetPath != null) {
			caller.require(Role.ADMIN, "restoring into a targetPath");
		}
		Map<String, String> componentParameters = this.sources
			.componentParameters(names.stream().map((n) -> this.sources.find(n).orElseThrow()).toList(), requested);
		for (String name : names) {
			RestorePolicy effective = (policyValue != null) ? RestorePolicy.of(policyValue)
					: this.sources.find(name).orElseThrow().defaultRestorePolicy();
			if (effective == RestorePolicy.OVERWRITE) {
				caller.require(Role.ADMIN, "restoring component " + name + " with policy overwrite");
			}
			try {
				SourceComponent source = this.sources.find(name).orElseThrow();
				source.checkOptions(new RestoreOptions(effective, targetPath,
						SourceComponentRegistry.parametersOf(source, componentParameters)));
			}
			catch (RestoreRefusedException ex) {
				throw new InvalidRequestException(ex.getMessage());
			}
		}
		Restore restore = Restore.start(Ids.newRestoreId(), backupId, policyValue, targetPath, caller.name(), names,
				this.clock.instant());
		this.restores.save(restore);
		this.locks.acquire(names, restore.getId(), "restore");
		Map<String, String> sealed = new TreeMap<>(target.parameters());
		sealed.putAll(componentParameters);
		this.secrets.seal(restore.getId(), sealed);
		this.jobs.enqueue(this.job, restore.getId());
		logger.info("Restore requested: restoreId=" + restore.getId() + " backupId=" + backupId + " components=" + names
				+ " policy=" + ((policyValue != null) ? policyValue : "per-component"));
		return restore;
	}

	/**
	 * @param backupId the backup
	 * @param restoreId the restore
	 * @return the restore
	 */
	@Transactional(readOnly = true)
	public Restore get(String backupId, String restoreId) {
		Ids.checkBackupId(backupId);
		Ids.checkRestoreId(restoreId);
		Restore restore = this.restores.findById(restoreId)
			.filter((r) -> r.getBackupId().equals(backupId))
			.orElseThrow(() -> new RestoreNotFoundException(backupId, restoreId));
		return restore;
	}

	/**
	 * @param restoreId a restore's id
	 * @return the restore, if there is one with this id (none for a malformed id)
	 */
	@Transactional(readOnly = true)
	public Optional<Restore> find(String restoreId) {
		return Ids.isRestoreId(restoreId) ? this.restores.findById(restoreId) : Optional.empty();
	}

	/**
	 * @param backupId a backup's id
	 * @return its restores, newest first
	 */
	@Transactional(readOnly = true)
	public List<Restore> listFor(String backupId) {
		return this.restores.findByBackupIdOrderByCreatedAtDesc(backupId);
	}

	/**
	 * What the answers for a page of backups show of their restores, read as rows in one
	 * statement (no entities, no transaction).
	 * @param backupIds backups' ids
	 * @return their restores' summaries, newest first, by backup id (backups without
	 * restores are absent)
	 */
	public Map<String, List<RestoreView>> summariesFor(Collection<String> backupIds) {
		return this.summaries.find(backupIds);
	}

}
