package org.backplane.service.backup;

import java.io.IOException;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.RecurringJob;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Removes what backups left unfinished in each configured location (the file provider's
 * temporary files, S3's multipart uploads) once their backup is no longer running
 * anywhere: a backup another replica is writing is running in the catalogue and is left
 * alone. It runs at start-up (for backups whose process was killed) and then every
 * {@code backplane.runner.sweep-interval} on one replica (a db-scheduler recurring task):
 * for a backup whose own clean-up failed because storage failed too, and for what a
 * process killed meanwhile left. A backup reaped later also has them removed by its job
 * ({@code BackupJob.leftoversOf}).
 */
@Component
class UnfinishedWritesSweep extends RecurringJob {

	private static final Log logger = LogFactory.getLog(UnfinishedWritesSweep.class);

	private final StorageLocations locations;

	private final BackupStores stores;

	private final BackupRepository backups;

	UnfinishedWritesSweep(StorageLocations locations, BackupStores stores, BackupRepository backups,
			BackplaneProperties properties) {
		super("unfinished-writes-sweep", properties.runner().sweepInterval());
		this.locations = locations;
		this.stores = stores;
		this.backups = backups;
	}

	@Override
	protected void runTick(Instant scheduledFor) {
		sweep();
	}

	@EventListener(ApplicationReadyEvent.class)
	void sweep() {
		for (StorageLocation location : this.locations.all()) {
			try (BackupStore store = this.stores.open(this.locations.newTarget(location.name(), null))) {
				for (String backupId : store.backupsWithUnfinishedWrites()) {
					boolean running = this.backups.findById(backupId).map(Backup::isRunning).orElse(false);
					if (!running) {
						int removed = store.removeUnfinishedWrites(backupId);
						logger.info("Removed what a killed backup's unfinished writes left: location=" + location.name()
								+ " backupId=" + backupId + " writes=" + removed);
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Could not look for what killed backups left: location=" + location.name() + " reason="
						+ ex.getMessage());
			}
		}
	}

}
