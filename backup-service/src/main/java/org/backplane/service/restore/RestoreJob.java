package org.backplane.service.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.backup.BackupCatalogue;
import org.backplane.service.backup.BackupStatus;
import org.backplane.service.backup.PooledContent;
import org.backplane.service.backup.StoredBackup;
import org.backplane.service.job.ClaimedJobTask;
import org.backplane.service.job.JobKernel;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.snapshot.NodeRestores;
import org.backplane.service.source.NodeSource;
import org.backplane.service.source.PooledSourceComponent;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupManifest;
import org.backplane.service.store.BackupPlace;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;

import org.springframework.stereotype.Component;

/**
 * Runs one restore on the run kernel, backwards from a backup: the manifest is read and
 * checked against the catalogue; every artifact's SHA-256 is verified by reading it once
 * before anything is touched; every component checks its policy; components that ask for
 * it are backed up as they are now; then each component is restored from its artifact,
 * the SHA-256 checked again while streaming. However it ends, the backup is READY again.
 */
@Component
class RestoreJob extends ClaimedJobTask<Restore, RestoreComponent> {

	static final String TASK_NAME = "restore";

	private static final Log logger = LogFactory.getLog(RestoreJob.class);

	private final BackupCatalogue backups;

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final BackupStores stores;

	private final JobSecrets secrets;

	private final RestoreMetrics metrics;

	private final NodeRestores nodes;

	RestoreJob(RestoreRepository restores, JobKernel kernel, BackupCatalogue backups, SourceComponentRegistry sources,
			StorageLocations storage, BackupStores stores, JobSecrets secrets, RestoreMetrics metrics,
			NodeRestores nodes) {
		super(TASK_NAME, "restore", restores, kernel);
		this.metrics = metrics;
		this.backups = backups;
		this.sources = sources;
		this.storage = storage;
		this.stores = stores;
		this.secrets = secrets;
		this.nodes = nodes;
	}

	/**
	 * What an interrupted restore left in its targets (a directory's staging folder),
	 * removed by each of its components' sources.
	 */
	@Override
	protected Runnable leftoversOf(Restore restore) {
		List<String> names = restore.getComponents().stream().map(RestoreComponent::getName).toList();
		String policyName = restore.getPolicy();
		String targetPath = restore.getTargetPath();
		String id = restore.getId();
		return () -> {
			for (String name : names) {
				this.sources.find(name).ifPresent((source) -> {
					RestorePolicy policy = (policyName != null) ? RestorePolicy.of(policyName)
							: source.defaultRestorePolicy();
					try {
						source.removeRestoreLeftovers(new SourceComponent.RestoreOptions(policy, targetPath));
					}
					catch (IOException | RuntimeException ex) {
						logger.warn("Could not remove what the interrupted restore left: restoreId=" + id
								+ " component=" + name + " reason=" + ex.getMessage());
					}
				});
			}
		};
	}

	@Override
	protected void work(Restore restore, Run run) throws Exception {
		String id = restore.getId();
		this.metrics.started(restore);
		StoredBackup backup = this.backups.find(restore.getBackupId());
		logger.info("Restoring backup: restoreId=" + id + " backupId=" + backup.id());
		Map<String, String> parameters = this.secrets.open(id);
		StorageTarget target = this.storage.existingTarget(backup.storageLocation(), backup.storagePlacement(),
				this.sources.storageParameters(parameters));
		BackupStore store = run.closeAtEnd(this.stores.open(target));
		BackupPlace place = new BackupPlace(backup.id(), backup.layout(), backup.snapshotName());
		// a snapshot layout's manifest may be missing (a data service's own plan wrote
		// it) or another catalogue's: its components' artifacts are checked through the
		// catalogue's SHA-256 of the node index instead
		BackupManifest manifest = place.isSnapshot() ? null : store.readManifest(backup.id());
		if (manifest != null) {
			checkAgainstCatalogue(manifest, backup, run);
		}
		Map<String, Step> steps = new LinkedHashMap<>();
		for (RestoreComponent component : restore.getComponents()) {
			String name = component.getName();
			StoredBackup.StoredComponent catalogued = backup.component(name).orElseThrow();
			BackupManifest.Component stored = (manifest != null) ? manifest.component(name)
					: new BackupManifest.Component(name, catalogued.type(), catalogued.artifactKey(),
							(catalogued.sizeBytes() != null) ? catalogued.sizeBytes() : 0, catalogued.sha256(), 0, 0);
			SourceComponent source = this.sources.find(name)
				.orElseThrow(() -> new IOException("Component " + name + " is no longer configured"));
			RestorePolicy policy = (restore.getPolicy() != null) ? RestorePolicy.of(restore.getPolicy())
					: source.defaultRestorePolicy();
			NodeRestores.Restore nodeRestore = null;
			if (source instanceof NodeSource nodeSource) {
				run.blame(name);
				nodeRestore = this.nodes.prepare(id, run.progress(), store, place, name, nodeSource,
						stored.artifactKey(), stored.sha256(), policy);
			}
			else if (place.isSnapshot()) {
				throw new IOException(
						"Component " + name + " is not a nodes component: a snapshot cannot be " + "restored into it");
			}
			steps.put(name, new Step(source, stored, new SourceComponent.RestoreOptions(policy, restore.getTargetPath(),
					SourceComponentRegistry.parametersOf(source, parameters)), nodeRestore));
			if (nodeRestore == null) {
				run.addTotals(stored.items(), stored.contentBytes());
			}
		}
		// 1. Every artifact is read once and its SHA-256 checked before any target is
		// touched.
		for (Map.Entry<String, Step> entry : steps.entrySet()) {
			run.blame(entry.getKey());
			run.progress().checkCancelled();
			Step step = entry.getValue();
			if (step.nodes() != null) {
				step.nodes().verify();
				run.addTotals(step.nodes().items(), step.nodes().bytes());
			}
			else {
				store.verifyArtifact(step.stored().artifactKey(), step.stored().sha256());
			}
		}
		// 2. Every component checks its policy before any is restored.
		for (Map.Entry<String, Step> entry : steps.entrySet()) {
			run.blame(entry.getKey());
			Step step = entry.getValue();
			if (step.nodes() != null) {
				step.nodes().check();
			}
			else if (step.source() instanceof PooledSourceComponent pooled) {
				try (InputStream in = store.openArtifact(step.stored().artifactKey(), step.stored().sha256())) {
					pooled.checkRestore(in, step.options());
				}
			}
			else {
				step.source().checkRestore(step.options());
			}
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
			run.blame(null);
			String label = "pre-restore-" + id.substring(id.length() - 8);
			StoredBackup pre = this.backups.backUpNow(label, safety, backup.storageLocation(), target.parameters(),
					restore.getCreatedBy(), restore.getRunner(), run.progress());
			if (pre.status() != BackupStatus.STATUS_READY) {
				throw new IOException("The safety backup " + pre.id() + " of " + safety
						+ " taken before overwriting failed (" + pre.errorReason() + "); nothing was restored");
			}
			run.update((r) -> r.recordSafetyBackup(pre.id()));
			logger.info("Safety backup ready: restoreId=" + id + " backupId=" + pre.id());
		}
		// 4. Restore, checking the SHA-256 again while streaming.
		for (Map.Entry<String, Step> entry : steps.entrySet()) {
			String name = entry.getKey();
			Step step = entry.getValue();
			run.blame(name);
			if (step.nodes() != null) {
				run.componentStarted(name, step.nodes().items(), step.nodes().bytes());
				step.nodes().run();
				run.componentDone(name, (c, items, bytes) -> {
				});
				logger.info("Component restored: restoreId=" + id + " component=" + name);
				continue;
			}
			run.componentStarted(name, step.stored().items(), step.stored().contentBytes());
			try (InputStream in = store.openArtifact(step.stored().artifactKey(), step.stored().sha256())) {
				if (step.source() instanceof PooledSourceComponent pooled) {
					pooled.restore(in, PooledContent.of(store.pool()), step.options(), run.progress());
				}
				else {
					step.source().restore(in, step.options(), run.progress());
				}
				// drain what the source did not read, so the SHA-256 check at the end
				// runs
				in.transferTo(OutputStream.nullOutputStream());
			}
			run.componentDone(name, (c, items, bytes) -> {
			});
			logger.info("Component restored: restoreId=" + id + " component=" + name);
		}
		run.blame(null);
	}

	/**
	 * Checks, before anything is touched, that the manifest on storage describes the
	 * backup the catalogue holds: the same components, each with the same artifact key,
	 * size and SHA-256 (the store already checked the id and the format version).
	 * @param manifest the manifest as read
	 * @param backup the backup as the catalogue holds it
	 * @param run the run, to blame a component whose entry differs
	 * @throws IOException naming what differs
	 */
	private static void checkAgainstCatalogue(BackupManifest manifest, StoredBackup backup, Run run)
			throws IOException {
		Set<String> stored = new TreeSet<>();
		manifest.components().forEach((c) -> stored.add(c.name()));
		Set<String> catalogued = new TreeSet<>();
		backup.components().forEach((c) -> catalogued.add(c.name()));
		if (!stored.equals(catalogued) || stored.size() != manifest.components().size()) {
			throw new IOException("The manifest of backup " + backup.id() + " lists the components "
					+ manifest.components().stream().map(BackupManifest.Component::name).toList()
					+ " but the catalogue holds " + catalogued
					+ ": the backup was altered on storage; nothing was restored");
		}
		for (BackupManifest.Component component : manifest.components()) {
			StoredBackup.StoredComponent recorded = backup.component(component.name()).orElseThrow();
			String differs = null;
			if (!component.artifactKey().equals(recorded.artifactKey())) {
				differs = "artifact key";
			}
			else if (!component.sha256().equals(recorded.sha256())) {
				differs = "SHA-256";
			}
			else if (recorded.sizeBytes() == null || component.sizeBytes() != recorded.sizeBytes()) {
				differs = "size";
			}
			if (differs != null) {
				run.blame(component.name());
				throw new IOException("The manifest of backup " + backup.id()
						+ " does not match the catalogue for component " + component.name() + " (its " + differs
						+ " differs): the backup was altered on storage; nothing was restored");
			}
		}
	}

	/**
	 * However the restore ends, its backup is READY again.
	 */
	@Override
	protected void ended(Restore restore) {
		this.backups.endRestore(restore.getBackupId());
		this.metrics.ended(restore);
	}

	private record Step(SourceComponent source, BackupManifest.Component stored, SourceComponent.RestoreOptions options,
			NodeRestores.Restore nodes) {
	}

}
