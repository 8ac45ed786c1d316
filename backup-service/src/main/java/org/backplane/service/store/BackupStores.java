package org.backplane.service.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Opens {@link BackupStore}s on storage targets. Owns the threads that run artifact
 * producers (a source writing its artifact while the provider uploads it), stopped with
 * the context after the job runtime has stopped the jobs.
 */
@Component
public class BackupStores implements DisposableBean {

	private static final Log logger = LogFactory.getLog(BackupStores.class);

	private final StorageLocations locations;

	private final JsonMapper writer;

	private final JsonMapper reader;

	private final AtomicInteger threads = new AtomicInteger();

	private final ExecutorService producers = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "backplane-artifact-" + this.threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	BackupStores(StorageLocations locations, JsonMapper json) {
		this.locations = locations;
		this.writer = json;
		// manifests written by newer versions may carry fields this one does not know
		this.reader = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * Opens the backup store of a target.
	 * @param target where the backups are
	 * @return the store, to close when done
	 * @throws org.backplane.service.support.InvalidRequestException if the target's
	 * parameters are not valid for its location
	 */
	public BackupStore open(StorageTarget target) {
		return new BackupStore(this.locations.lease(target), this.writer, this.reader, this.producers);
	}

	/**
	 * Stops the producer threads; by now no job runs.
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.producers.shutdownNow();
		if (!this.producers.awaitTermination(5, TimeUnit.SECONDS)) {
			logger.warn("Artifact producer threads did not stop within 5s");
		}
	}

}
