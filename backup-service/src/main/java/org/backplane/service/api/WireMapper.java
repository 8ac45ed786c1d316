package org.backplane.service.api;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosComponentStatus;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStorage;
import org.backplane.client.model.ComponentResult;
import org.backplane.client.model.ComponentStatus;
import org.backplane.client.model.Progress;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.client.model.RestoreSummary;
import org.backplane.client.model.Verification;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupView;
import org.backplane.service.restore.Restore;
import org.backplane.service.restore.RestoreComponent;
import org.backplane.service.restore.RestoreView;

/**
 * Maps catalogue entities to the wire records of both APIs.
 */
public final class WireMapper {

	/** RFC 3339 with nanoseconds, as the DC/OS backup API writes timestamps. */
	public static final DateTimeFormatter RFC3339_NANOS = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX")
		.withZone(ZoneOffset.UTC);

	private WireMapper() {
	}

	/**
	 * @param backup a backup
	 * @param restores its restores, newest first
	 * @return the native record
	 */
	public static BackupResponse toResponse(Backup backup, List<Restore> restores) {
		return toResponse(BackupView.of(backup), restores.stream().map(RestoreView::of).toList());
	}

	/**
	 * The native record of a backup: the one mapping for every answer that shows a backup
	 * (a page reads {@link BackupView}s straight from the rows, the other answers take
	 * them from an entity).
	 * @param backup a backup
	 * @param restores its restores, newest first
	 * @return the native record
	 */
	public static BackupResponse toResponse(BackupView backup, List<RestoreView> restores) {
		Map<String, ComponentResult> components = new LinkedHashMap<>();
		for (BackupView.Component component : backup.components()) {
			components.put(component.name(), new ComponentResult(ComponentStatus.valueOf(component.status().name()),
					toWire(component.progress()), component.artifactKey(), component.sizeBytes(), component.sha256(),
					component.errorReason(), component.itemsSkipped(), component.bytesSkipped()));
		}
		List<RestoreSummary> summaries = new ArrayList<>(restores.size());
		for (RestoreView restore : restores) {
			summaries.add(new RestoreSummary(restore.id(), RestoreStatus.valueOf(restore.status().name()),
					restore.createdAt(), restore.createdBy(), componentStatuses(restore)));
		}
		return new BackupResponse(backup.id(), backup.label(),
				org.backplane.client.model.BackupStatus.valueOf(backup.status().name()), backup.serviceVersion(),
				backup.storageLocation() + " (" + backup.storageUri() + ")",
				new BackupStorage(backup.storageLocation(), backup.storageUri(), backup.storageBucket(),
						backup.storageEndpoint()),
				backup.createdAt(), backup.createdBy(), backup.updatedAt(), backup.completedAt(), backup.errorReason(),
				backup.sizeBytes(), toWire(backup.progress()), components, summaries,
				(backup.verifyStatus() != null) ? new Verification(backup.verifiedAt(), backup.verifyDepth(),
						backup.verifyStatus().name(), backup.verifyDetail()) : null,
				backup.verifyFailed(), backup.pinned(), backup.attempts());
	}

	private static Map<String, ComponentStatus> componentStatuses(RestoreView restore) {
		Map<String, ComponentStatus> statuses = new LinkedHashMap<>();
		restore.componentStatus().forEach((name, status) -> statuses.put(name, ComponentStatus.valueOf(status.name())));
		return statuses;
	}

	/**
	 * @param restore a restore
	 * @return the native record
	 */
	public static RestoreResponse toResponse(Restore restore) {
		Map<String, ComponentResult> components = new LinkedHashMap<>();
		for (RestoreComponent component : restore.getComponents()) {
			components.put(component.getName(),
					new ComponentResult(ComponentStatus.valueOf(component.getStatus().name()),
							toWire(component.getProgress()), null, null, null, component.getErrorReason()));
		}
		return new RestoreResponse(restore.getId(), restore.getBackupId(),
				RestoreStatus.valueOf(restore.getStatus().name()), restore.getPolicy(), restore.getTargetPath(),
				restore.getCreatedAt(), restore.getCreatedBy(), restore.getUpdatedAt(), restore.getCompletedAt(),
				restore.getErrorReason(), toWire(restore.getProgress()), components, restore.getSafetyBackupId());
	}

	/**
	 * @param backup a backup
	 * @param restores its restores
	 * @return the DC/OS {@code backup_info}
	 */
	public static DcosBackupInfo toDcos(Backup backup, List<Restore> restores) {
		return toDcos(BackupView.of(backup), restores.stream().map(RestoreView::of).toList());
	}

	/**
	 * @param backup a backup
	 * @param restores its restores, newest first
	 * @return the DC/OS {@code backup_info}
	 */
	public static DcosBackupInfo toDcos(BackupView backup, List<RestoreView> restores) {
		Map<String, DcosComponentStatus> statuses = new LinkedHashMap<>();
		for (BackupView.Component component : backup.components()) {
			statuses.put(component.name(), new DcosComponentStatus(component.status().name()));
		}
		List<DcosRestoreInfo> infos = new ArrayList<>(restores.size());
		for (RestoreView restore : restores) {
			infos.add(toDcos(restore));
		}
		return new DcosBackupInfo(backup.id(), backup.label(), backup.serviceVersion(),
				RFC3339_NANOS.format(backup.createdAt()), backup.status().name(), statuses, infos);
	}

	/**
	 * @param restore a restore
	 * @return the DC/OS form of a restore
	 */
	public static DcosRestoreInfo toDcos(Restore restore) {
		return toDcos(RestoreView.of(restore));
	}

	private static DcosRestoreInfo toDcos(RestoreView restore) {
		Map<String, DcosComponentStatus> statuses = new LinkedHashMap<>();
		restore.componentStatus().forEach((name, status) -> statuses.put(name, new DcosComponentStatus(status.name())));
		return new DcosRestoreInfo(restore.id(), restore.status().name(), statuses);
	}

	private static Progress toWire(org.backplane.service.job.Progress progress) {
		return new Progress(progress.getItemsDone(), progress.getItemsTotal(), progress.getBytesDone(),
				progress.getBytesTotal());
	}

}
