package org.backplane.service.backup;

import java.time.Instant;

import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.RecurringJob;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Syncs the catalogue with every storage location every
 * {@code backplane.storage.sync-interval}, once per interval across replicas (a recurring
 * job of the run kernel), and on each node once at start-up, before it reports ready, so
 * a service started on an empty database pointed at existing storage lists its backups at
 * once.
 */
@Component
class CatalogueSyncJob extends RecurringJob {

	private final CatalogueSync sync;

	CatalogueSyncJob(CatalogueSync sync, BackplaneProperties properties) {
		super("catalogue-sync", properties.storage().syncInterval());
		this.sync = sync;
	}

	@Override
	protected void runTick(Instant scheduledFor) {
		this.sync.syncAll();
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStartUp() {
		this.sync.syncAll();
	}

}
