package org.backplane.service.backup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.ClaimedJobTask;
import org.backplane.service.job.JobKernel;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupManifest;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;

import org.springframework.stereotype.Component;

/**
 * Runs one backup on the run kernel: per component, in order, the source streams its
 * artifact into the backup store (SHA-256 and size computed on the way); then the
 * manifest is stored, last; then the kernel marks the backup READY. When it fails, what
 * it stored is removed before the kernel marks it {@code STATUS_ERROR}.
 */
@Component
class BackupJob extends ClaimedJobTask<Backup, BackupComponent> {

	static final String TASK_NAME = "backup";

	private static final Log logger = LogFactory.getLog(BackupJob.class);

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final BackupStores stores;

	private final JobSecrets secrets;

	private final JobKernel kernel;

	private final int retryInterrupted;

	BackupJob(BackupRepository backups, JobKernel kernel, SourceComponentRegistry sources, StorageLocations storage,
			BackupStores stores, JobSecrets secrets, BackplaneProperties properties) {
		super(TASK_NAME, "backup", backups, kernel);
		this.retryInterrupted = properties.runner().retryInterrupted();
		this.kernel = kernel;
		this.sources = sources;
		this.storage = storage;
		this.stores = stores;
		this.secrets = secrets;
	}

	@Override
	protected void work(Backup backup, Run run) throws Exception {
		String id = backup.getId();
		BackupStore store = run.closeAtEnd(this.stores.open(target(backup, this.secrets.open(id))));
		List<String> stored = new ArrayList<>();
		run.onFailure(() -> removeStored(id, store, stored));
		List<BackupManifest.Component> manifestComponents = new ArrayList<>();
		for (BackupComponent component : backup.getComponents()) {
			String name = component.getName();
			SourceComponent source = this.sources.find(name)
				.orElseThrow(() -> new IOException("Component " + name + " is no longer configured"));
			run.progress().checkCancelled();
			SourceComponent.Totals counted = source.enumerate();
			run.addTotals(counted.items(), counted.bytes());
			run.componentStarted(name, counted.items(), counted.bytes());
			run.blame(name);
			BackupStore.Written written = store.putArtifact(id, name, source.artifactExtension(),
					(out) -> source.backup(out, run.progress()));
			run.blame(null);
			stored.add(written.key());
			manifestComponents.add(new BackupManifest.Component(name, source.type(), written.key(), written.size(),
					written.sha256(), run.progress().items(), run.progress().bytes()));
			run.componentDone(name, (c, items, bytes) -> {
				c.getProgress().setCompleted(items, bytes);
				c.recordArtifact(written.key(), written.size(), written.sha256());
			});
			logger.info("Component backed up: backupId=" + id + " component=" + name + " size=" + written.size()
					+ " sha256=" + written.sha256());
		}
		run.progress().checkCancelled();
		BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, id, backup.getLabel(),
				backup.getServiceVersion(), backup.getCreatedAt(), this.kernel.clock().instant(), manifestComponents,
				new BackupManifest.Storage(backup.getStorageLocation(), backup.getStorageUri(),
						backup.getStorageBucket(), backup.getStorageEndpoint()));
		stored.add(store.putManifest(manifest));
	}

	/**
	 * A backup whose runner died is run again {@code backplane.runner.retry-interrupted}
	 * times, except a restore's safety backup.
	 */
	@Override
	protected int retriesWhenInterrupted(Backup backup) {
		return backup.isRetriedWhenInterrupted() ? this.retryInterrupted : 0;
	}

	@Override
	protected String interruptedReason(Backup backup) {
		int times = backup.getAttempts();
		String reason = "interrupted: the runner stopped before the backup completed, " + times
				+ ((times == 1) ? " time" : " times");
		if (!backup.isRetriedWhenInterrupted()) {
			return reason + " (a restore's safety backup is not retried)";
		}
		return reason + " (backplane.runner.retry-interrupted=" + this.retryInterrupted + ")";
	}

	/**
	 * Removes what an interrupted backup stored: every object under the backup's folder
	 * (its manifest first, then artifacts, also one whose put completed but was not yet
	 * recorded), and its unfinished writes, with the parameters it was started with
	 * (opened before the kernel forgets them).
	 */
	@Override
	protected Runnable leftoversOf(Backup backup) {
		String id = backup.getId();
		Map<String, String> parameters;
		try {
			parameters = this.secrets.open(id);
		}
		catch (RuntimeException ex) {
			parameters = Map.of();
		}
		StorageTarget target = target(backup, parameters);
		return () -> {
			try (BackupStore store = this.stores.open(target)) {
				store.deleteBackup(id);
				int unfinished = store.removeUnfinishedWrites(id);
				if (unfinished > 0) {
					logger.info("Removed what the interrupted backup's unfinished writes left: backupId=" + id
							+ " writes=" + unfinished);
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Could not remove what the interrupted backup stored: backupId=" + id + " reason="
						+ ex.getMessage());
			}
		};
	}

	private StorageTarget target(Backup backup, Map<String, String> parameters) {
		return this.storage.existingTarget(backup.getStorageLocation(), backup.getStoragePlacement(), parameters);
	}

	private static void removeStored(String id, BackupStore store, List<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		try {
			store.deleteStored(keys);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not remove partial artifacts: backupId=" + id + " keys=" + keys + " reason="
					+ ex.getMessage());
		}
	}

}
