package org.backplane.service.backup;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.job.ClaimedJobTask;
import org.backplane.service.job.ComponentStatus;
import org.backplane.service.job.JobKernel;
import org.backplane.service.job.JobProgress;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.job.NodeSteps;
import org.backplane.service.snapshot.NodeBackups;
import org.backplane.service.source.MirrorOutcome;
import org.backplane.service.source.MirroredSourceComponent;
import org.backplane.service.source.NodeSource;
import org.backplane.service.source.PooledSourceComponent;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupManifest;
import org.backplane.service.store.BackupPlace;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
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

	private final LastSuccess lastSuccess;

	private final BackupMetrics metrics;

	private final BackupRepository backups;

	private final PoolCollector pools;

	private final NodeBackups nodes;

	private final NodeSteps steps;

	private final int retryInterrupted;

	private final ApplicationEventPublisher events;

	BackupJob(BackupRepository backups, JobKernel kernel, SourceComponentRegistry sources, StorageLocations storage,
			BackupStores stores, JobSecrets secrets, LastSuccess lastSuccess, BackupMetrics metrics,
			PoolCollector pools, NodeBackups nodes, NodeSteps steps, BackplaneProperties properties,
			ApplicationEventPublisher events) {
		super(TASK_NAME, "backup", backups, kernel);
		this.events = events;
		this.steps = steps;
		this.backups = backups;
		this.pools = pools;
		this.retryInterrupted = properties.runner().retryInterrupted();
		this.kernel = kernel;
		this.lastSuccess = lastSuccess;
		this.metrics = metrics;
		this.sources = sources;
		this.storage = storage;
		this.stores = stores;
		this.secrets = secrets;
		this.nodes = nodes;
	}

	@Override
	protected void work(Backup backup, Run run) throws Exception {
		String id = backup.getId();
		this.metrics.started(backup);
		Map<String, String> parameters = this.secrets.open(id);
		BackupStore store = run.closeAtEnd(this.stores.open(target(backup, parameters)));
		boolean poolChecked = false;
		List<String> stored = Collections.synchronizedList(new ArrayList<>());
		run.onFailure(() -> removeStored(id, store, stored));
		BackupPlace place = placeOf(backup);
		if (!backup.getComponents().isEmpty()
				&& backup.getComponents().stream().allMatch((c) -> c.getStatus() == ComponentStatus.STATUS_READY)) {
			// parked before its mirror (a plan's stop): the backup and its manifest are
			// stored; only the mirror is left
			mirrorAll(backup, parameters, run);
			return;
		}
		List<BackupManifest.Component> manifestComponents = new ArrayList<>();
		for (BackupComponent component : backup.getComponents()) {
			String name = component.getName();
			SourceComponent source = this.sources.find(name)
				.orElseThrow(() -> new IOException("Component " + name + " is no longer configured"));
			run.progress().checkCancelled();
			BackupStore.Written written;
			long[] skipped = null;
			if (place.isSnapshot() && !(source instanceof NodeSource)) {
				throw new IOException("Component " + name + " is not a nodes component: it cannot be backed up in a "
						+ "snapshot layout");
			}
			if (source instanceof PooledSourceComponent pooled) {
				if (!poolChecked) {
					this.pools.awaitNoCollection(backup, run.progress());
					poolChecked = true;
				}
				skipped = new long[2];
				// a plan's steps, when a plan started this backup (else no row to update)
				this.steps.starting(id, name, NodeSteps.BACKUP_STEP, "backing up the buckets");
				written = backUpPooled(backup, pooled, store, SourceComponentRegistry.parametersOf(source, parameters),
						run, skipped);
				this.steps.complete(id, name, NodeSteps.BACKUP_STEP,
						"backed up " + run.progress().items() + " objects (" + skipped[0]
								+ " unchanged, not read again), " + run.progress().bytes() + " bytes; index "
								+ written.key() + " sha256 " + written.sha256(),
						null);
			}
			else {
				SourceComponent.Totals counted = source.enumerate();
				run.addTotals(counted.items(), counted.bytes());
				run.componentStarted(name, counted.items(), counted.bytes());
				run.blame(name);
				if (source instanceof NodeSource nodeSource) {
					written = this.nodes.backUp(id, run.progress(), place, name, nodeSource, store, stored);
				}
				else {
					written = store.putArtifact(id, name, source.artifactExtension(),
							(out) -> source.backup(out, run.progress()));
				}
			}
			run.blame(null);
			stored.add(written.key());
			manifestComponents.add(new BackupManifest.Component(name, source.type(), written.key(), written.size(),
					written.sha256(), run.progress().items(), run.progress().bytes()));
			long[] skippedCounts = skipped;
			run.componentDone(name, (c, items, bytes) -> {
				c.getProgress().setCompleted(items, bytes);
				c.recordArtifact(written.key(), written.size(), written.sha256());
				if (skippedCounts != null) {
					c.recordSkipped(skippedCounts[0], skippedCounts[1]);
				}
			});
			logger.info("Component backed up: backupId=" + id + " component=" + name + " size=" + written.size()
					+ " sha256=" + written.sha256());
		}
		run.progress().checkCancelled();
		BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, id, backup.getLabel(),
				backup.getServiceVersion(), backup.getCreatedAt(), this.kernel.clock().instant(), manifestComponents,
				new BackupManifest.Storage(backup.getStorageLocation(), backup.getStorageUri(),
						backup.getStorageBucket(), backup.getStorageEndpoint()));
		stored.add(store.putManifest(manifest, place));
		mirrorAll(backup, parameters, run);
	}

	private void mirrorAll(Backup backup, Map<String, String> parameters, Run run) {
		for (BackupComponent component : backup.getComponents()) {
			SourceComponent source = this.sources.find(component.getName()).orElse(null);
			if (source instanceof MirroredSourceComponent mirrored && "true"
				.equals(SourceComponentRegistry.parametersOf(source, parameters).get(MirroredSourceComponent.MIRROR))) {
				mirror(backup, mirrored, SourceComponentRegistry.parametersOf(source, parameters), run);
			}
		}
	}

	// Brings a component's mirror up to date once its backup is stored (parameter
	// MIRROR=true, as the backup plan sets it). A mirror that fails leaves the backup
	// READY: its step (a plan's "mirror") says why, and the plan shows the error.
	private void mirror(Backup backup, MirroredSourceComponent source, Map<String, String> parameters, Run run) {
		String id = backup.getId();
		String name = source.name();
		if (this.steps.completed(id, name).containsKey(NodeSteps.MIRROR_STEP)) {
			return;
		}
		// a plan's stop parks the backup here, READY but for its mirror
		this.steps.parkIfPaused(id);
		run.progress().checkCancelled();
		this.steps.starting(id, name, NodeSteps.MIRROR_STEP, "mirroring to " + source.mirrorLocation());
		Instant startedAt = this.kernel.clock().instant();
		AtomicLong objects = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		try {
			MirroredSourceComponent.MirrorResult result = source.mirror(parameters, (items, more) -> {
				objects.addAndGet(items);
				bytes.addAndGet(more);
			});
			this.steps.complete(id, name, NodeSteps.MIRROR_STEP,
					"mirrored " + result.buckets().size() + " buckets to " + source.mirrorLocation() + " as "
							+ source.mirrorPrefix() + "<bucket>: " + result.objects() + " objects, " + result.copied()
							+ " copied (" + result.copiedBytes() + " bytes), " + result.unchanged() + " unchanged, "
							+ result.deletedObjects() + " deleted; buckets deleted (synchronize): "
							+ result.deletedBuckets(),
					null);
			logger.info("Mirror run done: backupId=" + id + " component=" + name + " copied=" + result.copied()
					+ " deletedBuckets=" + result.deletedBuckets().size());
			recordMirror(new MirrorOutcome(name, id, backup.getCreatedBy(), startedAt, objects.get(), bytes.get(),
					result, null));
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof JobProgress.JobCancelledException cancelled) {
				throw cancelled;
			}
			this.steps.failed(id, name, NodeSteps.MIRROR_STEP, "Mirror to " + source.mirrorLocation() + " failed: "
					+ ex.getMessage() + "; the backup itself is READY. Fix the mirror and start the plan again");
			logger.warn("Mirror run failed: backupId=" + id + " component=" + name + " reason=" + ex.getMessage());
			recordMirror(new MirrorOutcome(name, id, backup.getCreatedBy(), startedAt, objects.get(), bytes.get(), null,
					"Mirror to " + source.mirrorLocation() + " failed: " + ex.getMessage()
							+ "; the backup itself is READY"));
		}
	}

	// the mirror's outcome as a mirror run of the component (package mirror): recording
	// it
	// must not change how the backup ends
	private void recordMirror(MirrorOutcome outcome) {
		try {
			this.events.publishEvent(outcome);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the mirror run of a backup: backupId=" + outcome.backupId() + " component="
					+ outcome.component() + " reason=" + ex.getMessage());
		}
	}

	static BackupPlace placeOf(Backup backup) {
		return new BackupPlace(backup.getId(), backup.getLayout(), backup.getSnapshotName());
	}

	// Backs a pooled component up: its contents into the storage target's object pool,
	// its index as the artifact, compared with the index of its latest READY backup in
	// the same pool so that unchanged objects are not read again.
	private BackupStore.Written backUpPooled(Backup backup, PooledSourceComponent source, BackupStore store,
			Map<String, String> parameters, Run run, long[] skipped) throws IOException {
		String name = source.name();
		InputStream previous = openPrevious(backup, name, store);
		AtomicLong skippedItems = new AtomicLong();
		AtomicLong skippedBytes = new AtomicLong();
		run.blame(name);
		try {
			BackupStore.Written written = store.putArtifact(backup.getId(), name, source.artifactExtension(),
					(out) -> source.backup(out, new PooledSourceComponent.BackupRun(PooledContent.of(store.pool()),
							previous, parameters, (totals) -> {
								run.addTotals(totals.items(), totals.bytes());
								run.componentStarted(name, totals.items(), totals.bytes());
							}, run.progress(), (items, bytes) -> {
								skippedItems.addAndGet(items);
								skippedBytes.addAndGet(bytes);
							})));
			skipped[0] = skippedItems.get();
			skipped[1] = skippedBytes.get();
			logger.info("Pooled component backed up: backupId=" + backup.getId() + " component=" + name + " previous="
					+ (previous != null) + " skippedObjects=" + skippedItems.get() + " skippedBytes="
					+ skippedBytes.get());
			return written;
		}
		finally {
			if (previous != null) {
				previous.close();
			}
		}
	}

	private InputStream openPrevious(Backup backup, String component, BackupStore store) {
		List<Backup> candidates = this.backups.findPreviousWith(component,
				List.of(BackupStatus.STATUS_READY, BackupStatus.STATUS_RESTORING), backup.getStorageLocation(),
				(backup.getStorageBucket() != null) ? backup.getStorageBucket() : "",
				(backup.getStorageEndpoint() != null) ? backup.getStorageEndpoint() : "", backup.getCreatedAt(),
				Limit.of(1));
		for (Backup candidate : candidates) {
			BackupComponent stored = candidate.getComponents()
				.stream()
				.filter((c) -> c.getName().equals(component))
				.findFirst()
				.orElse(null);
			if (stored == null || stored.getArtifactKey() == null) {
				continue;
			}
			try {
				return store.openArtifact(stored.getArtifactKey(), stored.getSha256());
			}
			catch (IOException ex) {
				logger.warn("The previous backup's index cannot be read, every object is read: backupId="
						+ backup.getId() + " previous=" + candidate.getId() + " reason=" + ex.getMessage());
			}
		}
		return null;
	}

	/**
	 * Records when its components last succeeded (a READY backup), in the transaction
	 * that ends it, and counts how it ended; a backup with pooled components ended: the
	 * pool's owed garbage collection may run.
	 */
	@Override
	protected void ended(Backup backup) {
		if (backup.getStatus() == BackupStatus.STATUS_READY) {
			this.lastSuccess.record(backup);
		}
		this.metrics.ended(backup);
		boolean pooled = backup.getComponents()
			.stream()
			.anyMatch(
					(c) -> this.sources.find(c.getName()).filter(PooledSourceComponent.class::isInstance).isPresent());
		if (pooled) {
			this.pools.backupEnded(backup);
		}
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
		BackupPlace place = placeOf(backup);
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
				store.deleteBackup(place);
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
		return this.storage.existingTarget(backup.getStorageLocation(), backup.getStoragePlacement(),
				this.sources.storageParameters(parameters));
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
