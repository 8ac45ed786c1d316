package org.backplane.service.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.ClaimedJobTask;
import org.backplane.service.job.ComponentLocks;
import org.backplane.service.job.JobHeartbeat;
import org.backplane.service.job.JobProgress;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.job.StaleJobs;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLayout;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs one backup: per component, in order, the source streams its artifact through a
 * SHA-256 digest into storage; then the manifest is stored, last; then the backup is
 * READY. Any failure marks the component and the backup {@code STATUS_ERROR} with a
 * reason and removes what was stored. While it runs, a heartbeat records progress; a job
 * whose heartbeat stops (its node died) is reaped as {@code interrupted}.
 */
@Component
class BackupJob extends ClaimedJobTask {

	static final String TASK_NAME = "backup";

	private static final Log logger = LogFactory.getLog(BackupJob.class);

	private final BackupRepository backups;

	private final ComponentLocks locks;

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final JobSecrets secrets;

	private final JsonMapper json;

	private final BackplaneProperties.Runner runner;

	BackupJob(BackupRepository backups, ComponentLocks locks, SourceComponentRegistry sources, StorageLocations storage,
			StaleJobs staleJobs, PlatformTransactionManager transactionManager, JsonMapper json, Clock clock,
			BackplaneProperties properties, JobSecrets secrets) {
		super(TASK_NAME, "Backup", staleJobs, transactionManager, clock);
		this.secrets = secrets;
		this.backups = backups;
		this.locks = locks;
		this.sources = sources;
		this.storage = storage;
		this.json = json;
		this.runner = properties.runner();
	}

	@Override
	protected int claim(String id, String runnerName, Instant now) {
		return this.backups.claim(id, runnerName, now);
	}

	@Override
	protected List<String> findStale(Instant staleBefore) {
		return this.backups.findStale(BackupStatus.STATUS_BACKING_UP, staleBefore);
	}

	@Override
	protected void run(String id, String runnerName, JobProgress progress) {
		Backup backup = this.backups.findById(id).orElseThrow(() -> new BackupNotFoundException(id));
		logger.info("Backup started: backupId=" + id + " components=" + backup.getComponents().size());
		List<String> stored = new ArrayList<>();
		JobHeartbeat heartbeat = startHeartbeat(id, runnerName, progress, this.runner.heartbeatInterval(),
				this.backups);
		StorageLocations.Lease lease = null;
		try {
			lease = this.storage.lease(backup.getStorageLocation(),
					StorageLocations.withPlacement(backup.getStorageParameters(), this.secrets.open(id)));
			StorageProvider provider = lease.provider();
			List<BackupManifest.Component> manifestComponents = new ArrayList<>();
			for (BackupComponent component : backup.getComponents()) {
				String name = component.getName();
				SourceComponent source = this.sources.find(name)
					.orElseThrow(() -> new IOException("Component " + name + " is no longer configured"));
				progress.checkCancelled();
				SourceComponent.Totals counted = source.enumerate();
				update(id, (b) -> b.component(name).orElseThrow().markBackingUp(counted.items(), counted.bytes()));
				heartbeat.addTotals(counted.items(), counted.bytes());
				heartbeat.startComponent(name);
				String key = StorageLayout.artifactKey(id, name, source.artifactExtension());
				Artifacts.Written written;
				try {
					written = Artifacts.write(provider, key, (out) -> source.backup(out, progress));
				}
				catch (IOException | RuntimeException ex) {
					throw new ComponentFailure(name, ex);
				}
				stored.add(key);
				long items = progress.items();
				long bytes = progress.bytes();
				update(id, (b) -> {
					BackupComponent c = b.component(name).orElseThrow();
					c.getProgress().setCompleted(items, bytes);
					c.markReady(written.key(), written.size(), written.sha256());
				});
				heartbeat.endComponent(items, bytes);
				manifestComponents.add(new BackupManifest.Component(name, source.type(), written.key(), written.size(),
						written.sha256(), items, bytes));
				logger.info("Component backed up: backupId=" + id + " component=" + name + " size=" + written.size()
						+ " sha256=" + written.sha256());
			}
			progress.checkCancelled();
			BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, id, backup.getLabel(),
					backup.getServiceVersion(), backup.getCreatedAt(), this.clock.instant(), manifestComponents);
			String manifestKey = StorageLayout.manifestKey(id);
			provider.put(manifestKey,
					new ByteArrayInputStream(this.json.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8)));
			stored.add(manifestKey);
			heartbeat.close();
			this.tx.executeWithoutResult((status) -> {
				Backup b = this.backups.findById(id).orElseThrow(() -> new BackupNotFoundException(id));
				b.sumProgress();
				b.markReady(this.clock.instant());
				this.backups.saveAndFlush(b);
				this.locks.release(id);
				this.secrets.forget(id);
			});
			logger.info("Backup ready: backupId=" + id);
		}
		catch (Throwable ex) {
			heartbeat.close();
			String component = (ex instanceof ComponentFailure failure) ? failure.component : null;
			Throwable cause = (ex instanceof ComponentFailure) ? ex.getCause() : ex;
			String reason = reason(component, cause);
			logger.warn("Backup failed: backupId=" + id + " reason=" + reason,
					(cause instanceof JobProgress.JobCancelledException) ? null : cause);
			removeStored(id, (lease != null) ? lease.provider() : null, stored);
			fail(id, component, reason);
		}
		finally {
			if (lease != null) {
				lease.close();
			}
		}
	}

	private void update(String id, Consumer<Backup> change) {
		this.tx.executeWithoutResult((status) -> {
			Backup backup = this.backups.findById(id).orElseThrow(() -> new BackupNotFoundException(id));
			if (backup.getStatus() != BackupStatus.STATUS_BACKING_UP) {
				throw new JobProgress.JobCancelledException("interrupted: the backup is " + backup.getStatus());
			}
			change.accept(backup);
			this.backups.saveAndFlush(backup);
		});
	}

	private void removeStored(String id, StorageProvider provider, List<String> keys) {
		if (provider == null || keys.isEmpty()) {
			return;
		}
		try {
			for (int i = keys.size() - 1; i >= 0; i--) {
				provider.delete(keys.get(i));
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not remove partial artifacts: backupId=" + id + " keys=" + keys + " reason="
					+ ex.getMessage());
		}
	}

	private void fail(String id, String component, String reason) {
		try {
			this.tx.executeWithoutResult((status) -> {
				Backup backup = this.backups.findById(id).orElse(null);
				if (backup == null || backup.getStatus() != BackupStatus.STATUS_BACKING_UP) {
					return;
				}
				if (component != null) {
					backup.component(component)
						.filter((c) -> !c.getStatus().isTerminal())
						.ifPresent((c) -> c.markFailed(reason));
				}
				backup.sumProgress();
				backup.markFailed(reason, this.clock.instant());
				this.backups.saveAndFlush(backup);
				this.locks.release(id);
				this.secrets.forget(id);
			});
		}
		catch (RuntimeException ex) {
			logger.error("Could not record a failed backup, the reaper will end it: backupId=" + id + " reason="
					+ ex.getMessage(), ex);
		}
	}

	@Override
	protected void interrupt(String id) {
		Backup backup = this.backups.findById(id).orElse(null);
		if (backup == null || backup.getStatus() != BackupStatus.STATUS_BACKING_UP) {
			return;
		}
		List<String> keys = new ArrayList<>();
		for (BackupComponent component : backup.getComponents()) {
			if (component.getArtifactKey() != null) {
				keys.add(component.getArtifactKey());
			}
		}
		keys.add(StorageLayout.manifestKey(id));
		Map<String, String> parameters;
		try {
			parameters = this.secrets.open(id);
		}
		catch (RuntimeException ex) {
			parameters = Map.of();
		}
		try {
			fail(id, null, "interrupted: the runner stopped before the backup completed");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not reap backup: backupId=" + id + " reason=" + ex.getMessage());
			return;
		}
		try (StorageLocations.Lease lease = this.storage.lease(backup.getStorageLocation(),
				StorageLocations.withPlacement(backup.getStorageParameters(), parameters))) {
			removeStored(id, lease.provider(), keys);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not remove what an interrupted backup stored: backupId=" + id + " reason="
					+ ex.getMessage());
		}
	}

	private static final class ComponentFailure extends Exception {

		private final String component;

		ComponentFailure(String component, Throwable cause) {
			super(cause);
			this.component = component;
		}

	}

}
