package org.backplane.service.backup;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.ComponentStatus;
import org.backplane.service.job.JobProgress;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.ServiceVersion;

import org.springframework.data.domain.Limit;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What other features may do with backups, and all they may do: look up a backup and its
 * artifacts, begin and end a restore on it, and back components up at once (a restore's
 * safety backup). Nothing outside this package reads the backup repository or changes a
 * backup's status ({@code ModularityTests} checks it).
 */
@Service
@NamedInterface("api")
public class BackupCatalogue {

	private static final Log logger = LogFactory.getLog(BackupCatalogue.class);

	private final BackupRepository backups;

	private final BackupJob job;

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final ServiceVersion version;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final JobSecrets secrets;

	BackupCatalogue(BackupRepository backups, BackupJob job, SourceComponentRegistry sources, StorageLocations storage,
			ServiceVersion version, Clock clock, PlatformTransactionManager transactionManager, JobSecrets secrets) {
		this.backups = backups;
		this.job = job;
		this.sources = sources;
		this.storage = storage;
		this.version = version;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactionManager);
		this.secrets = secrets;
	}

	/**
	 * A backup as it stands in the catalogue.
	 * @param backupId its id
	 * @return the backup
	 * @throws InvalidRequestException if the id is malformed
	 * @throws BackupNotFoundException if there is none
	 */
	@Transactional(readOnly = true)
	public StoredBackup find(String backupId) {
		Ids.checkBackupId(backupId);
		return StoredBackup
			.of(this.backups.findById(backupId).orElseThrow(() -> new BackupNotFoundException(backupId)));
	}

	/**
	 * One keyset page of the backups whose label starts with a prefix, as retention reads
	 * them: by label, then newest first (ties by id, descending). Retention walks the
	 * pages one after the other, so it never holds more than a page whatever the number
	 * of backups.
	 * @param labelPrefix the prefix; a label, to read one schedule's backups (and filter
	 * on the exact label)
	 * @param after the previous page's last backup, or {@code null} for the first page
	 * @param pageSize the page's size
	 * @return the backups after {@code after}, in order; fewer than {@code pageSize} on
	 * the last page
	 */
	@Transactional(readOnly = true)
	public List<BackupHistoryEntry> history(String labelPrefix, BackupHistoryEntry after, int pageSize) {
		String like = labelPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		if (after == null) {
			return this.backups.findHistoryAfter(like, "", Instant.EPOCH, "", Limit.of(pageSize));
		}
		return this.backups.findHistoryAfter(like, after.label(), after.createdAt(), after.id(), Limit.of(pageSize));
	}

	/**
	 * What retention needs to know of one label's backups before it walks them newest
	 * first (see {@link BackupHistoryEntry.Summary}).
	 * @param label the label
	 * @param now the time: a backup after it does not count as the latest for
	 * {@code keepWithin}
	 * @return the summary
	 */
	@Transactional(readOnly = true)
	public BackupHistoryEntry.Summary historySummary(String label, Instant now) {
		Instant newest = this.backups.findNewestCompleteAt(label, Instant.parse("9999-12-31T23:59:59Z"));
		Instant latest = this.backups.findNewestCompleteAt(label, now);
		List<String> oldest = this.backups.findOldestCompleteIds(label, Limit.of(1));
		return new BackupHistoryEntry.Summary(newest, (latest != null) ? latest : newest,
				oldest.isEmpty() ? null : oldest.get(0));
	}

	/**
	 * @param label a label
	 * @return whether a backup with this label is being written
	 */
	@Transactional(readOnly = true)
	public boolean isBackingUp(String label) {
		return this.backups.existsByLabelAndStatus(label, BackupStatus.STATUS_BACKING_UP);
	}

	/**
	 * The newest READY backup that holds a component (what the {@code restore} plan of a
	 * {@code buckets} component restores from).
	 * @param component the component's name
	 * @return the backup, if there is one
	 */
	@Transactional(readOnly = true)
	public Optional<StoredBackup> latestReady(String component) {
		return this.backups.findLatestReadyWith(component, Limit.of(1)).stream().findFirst().map(StoredBackup::of);
	}

	/**
	 * The newest READY backup of a data-service snapshot in a storage location and
	 * bucket.
	 * @param location the location's name
	 * @param bucket the bucket or container, or {@code null} for the location's own
	 * @param layout {@code s3} or {@code azure}
	 * @param snapshotName the snapshot's name
	 * @return the backup, if the catalogue holds one
	 */
	@Transactional(readOnly = true)
	public Optional<StoredBackup> findSnapshot(String location, String bucket, String layout, String snapshotName) {
		return this.backups.findSnapshots(location, layout, snapshotName)
			.stream()
			.filter((b) -> bucket == null || b.getStorageBucket() == null || bucket.equals(b.getStorageBucket()))
			.findFirst()
			.map(StoredBackup::of);
	}

	/**
	 * Records a data-service snapshot found on storage as a READY backup, so that it can
	 * be restored (and listed, and deleted) like any other.
	 * @param label its label
	 * @param component the component it restores into
	 * @param target where it is
	 * @param layout {@code s3} or {@code azure}
	 * @param snapshotName the snapshot's name
	 * @param artifact the component's artifact as found: the node index, or for a
	 * snapshot without one the snapshot's folder with a digest of its listing
	 * @param createdBy who asked
	 * @return the backup
	 */
	@Transactional
	public StoredBackup importSnapshot(String label, SourceComponent component, StorageTarget target, String layout,
			String snapshotName, Backup.ImportedArtifact artifact, String createdBy) {
		Ids.checkLabel(label);
		StorageLocation location = this.storage.location(target.location());
		Backup backup = Backup.imported(Ids.newBackupId(label), label, this.version.get(), location.name(),
				location.redactedUri(), createdBy, new Backup.ComponentRef(component.name(), component.type()),
				artifact, this.clock.instant());
		backup.placeWith(target.placement(), this.storage.destination(target));
		backup.placeInSnapshot(layout, snapshotName);
		this.backups.saveAndFlush(backup);
		logger.info("Snapshot recorded as a backup: backupId=" + backup.getId() + " snapshot=" + snapshotName
				+ " layout=" + layout);
		return StoredBackup.of(backup);
	}

	/**
	 * Begins a restore from a backup, in the caller's transaction: the backup must be
	 * READY and each named component READY in it; the backup moves to
	 * {@code STATUS_RESTORING} until {@link #endRestore}.
	 * @param backupId the backup
	 * @param componentNames the components to restore, or {@code null}/empty for all
	 * @return the components to restore, in the backup's order when none were named
	 * @throws BackupNotFoundException if there is no such backup
	 * @throws BackupInUseException if it is not READY
	 * @throws InvalidRequestException if a component is named twice, is not in the
	 * backup, or is not READY in it
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<String> beginRestore(String backupId, List<String> componentNames) {
		Backup backup = this.backups.findById(backupId).orElseThrow(() -> new BackupNotFoundException(backupId));
		if (backup.getStatus() != BackupStatus.STATUS_READY) {
			throw new BackupInUseException(backupId, backup.getStatus(), "restore");
		}
		List<String> names = new ArrayList<>();
		if (componentNames == null || componentNames.isEmpty()) {
			backup.getComponents().forEach((c) -> names.add(c.getName()));
		}
		else {
			for (String name : componentNames) {
				if (names.contains(name)) {
					throw new InvalidRequestException(
							"Component '" + name + "' is named twice: name each component once");
				}
				BackupComponent component = backup.component(name)
					.orElseThrow(() -> new InvalidRequestException(
							"Backup " + backupId + " has no component '" + Ids.printable(name) + "': it has "
									+ backup.getComponents().stream().map(BackupComponent::getName).toList()));
				if (component.getStatus() != ComponentStatus.STATUS_READY) {
					throw new InvalidRequestException("Component " + name + " of backup " + backupId + " is "
							+ component.getStatus() + " and cannot be restored");
				}
				names.add(name);
			}
		}
		backup.markRestoring(this.clock.instant());
		this.backups.saveAndFlush(backup);
		return names;
	}

	/**
	 * Ends a restore from a backup, whatever its outcome, in the caller's transaction:
	 * the backup is READY again. A backup that is not restoring is left alone.
	 * @param backupId the backup
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void endRestore(String backupId) {
		Backup backup = this.backups.findById(backupId).orElse(null);
		if (backup != null && backup.getStatus() == BackupStatus.STATUS_RESTORING) {
			backup.markRestoreEnded(this.clock.instant());
			this.backups.saveAndFlush(backup);
		}
	}

	/**
	 * Backs components up now, on the calling thread, while another operation holds their
	 * locks: the safety backup a restore takes before it overwrites. The backup is an
	 * ordinary one in the catalogue and on storage.
	 * @param label its label
	 * @param componentNames the components; their locks are held by the caller
	 * @param location the storage location's name
	 * @param parameters the caller's per-request parameters (credentials), possibly empty
	 * @param createdBy who started the operation that takes it (a restore's
	 * {@code createdBy}), or {@code null} when that was not recorded
	 * @param runnerName the runner doing it
	 * @param progress the caller's progress, whose cancellation applies to this backup
	 * @return the backup, {@code STATUS_READY} or {@code STATUS_ERROR}
	 */
	public StoredBackup backUpNow(String label, List<String> componentNames, String location,
			Map<String, String> parameters, String createdBy, String runnerName, JobProgress progress) {
		Ids.checkLabel(label);
		List<SourceComponent> components = this.sources.select(componentNames);
		StorageTarget target = this.storage.newTarget(location, parameters);
		StorageLocation storageLocation = this.storage.location(location);
		Backup backup = Backup.start(Ids.newBackupId(label), label, this.version.get(), storageLocation.name(),
				storageLocation.redactedUri(), createdBy,
				components.stream().map((c) -> new Backup.ComponentRef(c.name(), c.type())).toList(),
				this.clock.instant());
		backup.placeWith(target.placement(), this.storage.destination(target));
		backup.neverRetry();
		this.tx.executeWithoutResult((status) -> {
			this.backups.saveAndFlush(backup);
			this.secrets.seal(backup.getId(), target.parameters());
		});
		logger.info("Safety backup started: backupId=" + backup.getId() + " components=" + componentNames);
		this.job.runNow(backup.getId(), runnerName, progress);
		return find(backup.getId());
	}

}
