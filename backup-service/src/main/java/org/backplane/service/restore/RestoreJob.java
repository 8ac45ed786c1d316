package org.backplane.service.restore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.backup.Artifacts;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupComponent;
import org.backplane.service.backup.BackupManifest;
import org.backplane.service.backup.BackupRepository;
import org.backplane.service.backup.BackupService;
import org.backplane.service.backup.BackupStatus;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.ClaimedJobTask;
import org.backplane.service.job.ComponentLocks;
import org.backplane.service.job.JobHeartbeat;
import org.backplane.service.job.JobProgress;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.job.StaleJobs;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageKeyNotFoundException;
import org.backplane.service.storage.StorageLayout;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageProvider;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs one restore, backwards from a backup: the manifest is read and checked against the
 * catalogue; every artifact's SHA-256 is verified by reading it once before anything is
 * touched; every component checks its policy; then each component is restored from its
 * artifact, the SHA-256 checked again while streaming.
 */
@Component
class RestoreJob extends ClaimedJobTask {

	static final String TASK_NAME = "restore";

	private static final Log logger = LogFactory.getLog(RestoreJob.class);

	private final RestoreRepository restores;

	private final BackupRepository backups;

	private final ComponentLocks locks;

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final JobSecrets secrets;

	private final JsonMapper json;

	private final BackplaneProperties.Runner runner;

	// looked up when needed: BackupService depends on the job queue, which depends on
	// this job
	private final ObjectProvider<BackupService> backupService;

	RestoreJob(RestoreRepository restores, BackupRepository backups, ObjectProvider<BackupService> backupService,
			ComponentLocks locks, SourceComponentRegistry sources, StorageLocations storage, StaleJobs staleJobs,
			PlatformTransactionManager transactionManager, JsonMapper json, Clock clock, BackplaneProperties properties,
			JobSecrets secrets) {
		super(TASK_NAME, "Restore", staleJobs, transactionManager, clock);
		this.secrets = secrets;
		this.restores = restores;
		this.backups = backups;
		this.backupService = backupService;
		this.locks = locks;
		this.sources = sources;
		this.storage = storage;
		// manifests written by newer versions may carry fields this one does not know
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.runner = properties.runner();
	}

	@Override
	protected int claim(String id, String runnerName, Instant now) {
		return this.restores.claim(id, runnerName, now);
	}

	@Override
	protected List<String> findStale(Instant staleBefore) {
		return this.restores.findStale(staleBefore);
	}

	@Override
	protected void interrupt(String id) {
		fail(id, null, "interrupted: the runner stopped before the restore completed");
	}

	@Override
	protected void run(String id, String runnerName, JobProgress progress) {
		Restore restore = this.restores.findById(id).orElseThrow();
		Backup backup = this.backups.findById(restore.getBackupId()).orElseThrow();
		JobHeartbeat heartbeat = startHeartbeat(id, runnerName, progress, this.runner.heartbeatInterval(),
				this.restores);
		String failedComponent = null;
		StorageLocations.Lease lease = null;
		try {
			logger.info("Restore started: restoreId=" + id + " backupId=" + backup.getId());
			Map<String, String> parameters = StorageLocations.withPlacement(backup.getStorageParameters(),
					this.secrets.open(id));
			lease = this.storage.lease(backup.getStorageLocation(), parameters);
			StorageProvider provider = lease.provider();
			BackupManifest manifest = readManifest(provider, backup.getId());
			Map<String, Step> steps = new LinkedHashMap<>();
			for (RestoreComponent component : restore.getComponents()) {
				String name = component.getName();
				BackupComponent recorded = backup.component(name).orElseThrow();
				BackupManifest.Component stored = manifest.component(name);
				if (stored == null || !stored.sha256().equals(recorded.getSha256())
						|| !stored.artifactKey().equals(recorded.getArtifactKey())) {
					failedComponent = name;
					throw new IOException(
							"The manifest of backup " + backup.getId() + " does not match the catalogue for component "
									+ name + ": the backup was altered on storage; nothing was restored");
				}
				SourceComponent source = this.sources.find(name)
					.orElseThrow(() -> new IOException("Component " + name + " is no longer configured"));
				RestorePolicy policy = (restore.getPolicy() != null) ? RestorePolicy.of(restore.getPolicy())
						: source.defaultRestorePolicy();
				steps.put(name,
						new Step(source, stored, new SourceComponent.RestoreOptions(policy, restore.getTargetPath())));
				heartbeat.addTotals(stored.items(), stored.contentBytes());
			}
			// 1. Every artifact is read once and its SHA-256 checked before any target is
			// touched.
			for (Map.Entry<String, Step> entry : steps.entrySet()) {
				failedComponent = entry.getKey();
				progress.checkCancelled();
				Artifacts.verify(provider, entry.getValue().stored().artifactKey(), entry.getValue().stored().sha256());
			}
			// 2. Every component checks its policy before any is restored.
			for (Map.Entry<String, Step> entry : steps.entrySet()) {
				failedComponent = entry.getKey();
				entry.getValue().source().checkRestore(entry.getValue().options());
			}
			// 3. Components that ask for it are backed up as they are now, before being
			// overwritten.
			List<String> safety = steps.entrySet()
				.stream()
				.filter((e) -> e.getValue().options().policy() == RestorePolicy.OVERWRITE
						&& e.getValue().source().backsUpBeforeOverwrite())
				.map(Map.Entry::getKey)
				.toList();
			if (!safety.isEmpty()) {
				failedComponent = null;
				String label = "pre-restore-" + id.substring(id.length() - 8);
				Backup pre = this.backupService.getObject()
					.backUpHeldComponents(label, safety, backup.getStorageLocation(), runnerName,
							progress::isShuttingDown, parameters);
				if (pre.getStatus() != BackupStatus.STATUS_READY) {
					throw new IOException("The safety backup " + pre.getId() + " of " + safety
							+ " taken before overwriting failed (" + pre.getErrorReason() + "); nothing was restored");
				}
				this.tx.executeWithoutResult((status) -> {
					Restore r = this.restores.findById(id).orElseThrow();
					r.recordSafetyBackup(pre.getId());
					this.restores.saveAndFlush(r);
				});
				logger.info("Safety backup ready: restoreId=" + id + " backupId=" + pre.getId());
			}
			// 4. Restore, checking the SHA-256 again while streaming.
			for (Map.Entry<String, Step> entry : steps.entrySet()) {
				String name = entry.getKey();
				Step step = entry.getValue();
				failedComponent = name;
				update(id,
						(r) -> r.component(name)
							.orElseThrow()
							.markRestoring(step.stored().items(), step.stored().contentBytes()));
				heartbeat.startComponent(name);
				try (InputStream in = Artifacts.openVerified(provider, step.stored().artifactKey(),
						step.stored().sha256())) {
					step.source().restore(in, step.options(), progress);
					// drain what the source did not read, so the SHA-256 check at the end
					// runs
					in.transferTo(java.io.OutputStream.nullOutputStream());
				}
				long items = progress.items();
				long bytes = progress.bytes();
				update(id, (r) -> {
					RestoreComponent c = r.component(name).orElseThrow();
					c.getProgress().setDone(items, bytes);
					c.markReady();
				});
				heartbeat.endComponent(items, bytes);
				logger.info("Component restored: restoreId=" + id + " component=" + name);
			}
			failedComponent = null;
			heartbeat.close();
			this.tx.executeWithoutResult((status) -> {
				Restore r = this.restores.findById(id).orElseThrow();
				r.sumProgress();
				r.markReady(this.clock.instant());
				this.restores.saveAndFlush(r);
				endBackupRestore(r.getBackupId());
				this.locks.release(id);
				this.secrets.forget(id);
			});
			logger.info("Restore ready: restoreId=" + id);
		}
		catch (Throwable ex) {
			heartbeat.close();
			String reason = reason(failedComponent, ex);
			logger.warn("Restore failed: restoreId=" + id + " reason=" + reason,
					(ex instanceof JobProgress.JobCancelledException) ? null : ex);
			fail(id, failedComponent, reason);
		}
		finally {
			if (lease != null) {
				lease.close();
			}
		}
	}

	private BackupManifest readManifest(StorageProvider provider, String backupId) throws IOException {
		String key = StorageLayout.manifestKey(backupId);
		try (InputStream in = provider.get(key)) {
			return this.json.readValue(in, BackupManifest.class);
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
	}

	private void endBackupRestore(String backupId) {
		Backup backup = this.backups.findById(backupId).orElse(null);
		if (backup != null && backup.getStatus() == BackupStatus.STATUS_RESTORING) {
			backup.markRestoreEnded(this.clock.instant());
			this.backups.saveAndFlush(backup);
		}
	}

	private void update(String id, Consumer<Restore> change) {
		this.tx.executeWithoutResult((status) -> {
			Restore restore = this.restores.findById(id).orElseThrow();
			if (restore.getStatus() != RestoreStatus.STATUS_RESTORING) {
				throw new JobProgress.JobCancelledException("interrupted: the restore is " + restore.getStatus());
			}
			change.accept(restore);
			this.restores.saveAndFlush(restore);
		});
	}

	private void fail(String id, String component, String reason) {
		try {
			this.tx.executeWithoutResult((status) -> {
				Restore restore = this.restores.findById(id).orElse(null);
				if (restore == null || restore.getStatus() != RestoreStatus.STATUS_RESTORING) {
					return;
				}
				if (component != null) {
					restore.component(component)
						.filter((c) -> !c.getStatus().isTerminal())
						.ifPresent((c) -> c.markFailed(reason));
				}
				restore.sumProgress();
				restore.markFailed(reason, this.clock.instant());
				this.restores.saveAndFlush(restore);
				endBackupRestore(restore.getBackupId());
				this.locks.release(id);
				this.secrets.forget(id);
			});
		}
		catch (RuntimeException ex) {
			logger.error("Could not record a failed restore, the reaper will end it: restoreId=" + id + " reason="
					+ ex.getMessage(), ex);
		}
	}

	private record Step(SourceComponent source, BackupManifest.Component stored,
			SourceComponent.RestoreOptions options) {
	}

}
