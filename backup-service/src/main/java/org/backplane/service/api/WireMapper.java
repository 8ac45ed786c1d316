package org.backplane.service.api;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import org.backplane.service.backup.BackupComponent;
import org.backplane.service.restore.Restore;
import org.backplane.service.restore.RestoreComponent;

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
		Map<String, ComponentResult> components = new LinkedHashMap<>();
		for (BackupComponent component : backup.getComponents()) {
			components.put(component.getName(),
					new ComponentResult(ComponentStatus.valueOf(component.getStatus().name()),
							toWire(component.getProgress()), component.getArtifactKey(), component.getSizeBytes(),
							component.getSha256(), component.getErrorReason(), component.getItemsSkipped(),
							component.getBytesSkipped()));
		}
		List<RestoreSummary> summaries = restores.stream()
			.map((r) -> new RestoreSummary(r.getId(), RestoreStatus.valueOf(r.getStatus().name()), r.getCreatedAt(),
					r.getCreatedBy(), componentStatuses(r)))
			.toList();
		return new BackupResponse(backup.getId(), backup.getLabel(),
				org.backplane.client.model.BackupStatus.valueOf(backup.getStatus().name()), backup.getServiceVersion(),
				backup.getStorageLocation() + " (" + backup.getStorageUri() + ")",
				new BackupStorage(backup.getStorageLocation(), backup.getStorageUri(), backup.getStorageBucket(),
						backup.getStorageEndpoint()),
				backup.getCreatedAt(), backup.getCreatedBy(), backup.getUpdatedAt(), backup.getCompletedAt(),
				backup.getErrorReason(), backup.getSizeBytes(), toWire(backup.getProgress()), components, summaries,
				(backup.getVerifyStatus() != null) ? new Verification(backup.getVerifiedAt(), backup.getVerifyDepth(),
						backup.getVerifyStatus().name(), backup.getVerifyDetail()) : null,
				backup.isVerifyFailed(), backup.isPinned(), backup.getAttempts());
	}

	private static Map<String, ComponentStatus> componentStatuses(Restore restore) {
		Map<String, ComponentStatus> statuses = new LinkedHashMap<>();
		for (RestoreComponent component : restore.getComponents()) {
			statuses.put(component.getName(), ComponentStatus.valueOf(component.getStatus().name()));
		}
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
		Map<String, DcosComponentStatus> statuses = new LinkedHashMap<>();
		for (BackupComponent component : backup.getComponents()) {
			statuses.put(component.getName(), new DcosComponentStatus(component.getStatus().name()));
		}
		return new DcosBackupInfo(backup.getId(), backup.getLabel(), backup.getServiceVersion(),
				RFC3339_NANOS.format(backup.getCreatedAt()), backup.getStatus().name(), statuses,
				restores.stream().map(WireMapper::toDcos).toList());
	}

	/**
	 * @param restore a restore
	 * @return the DC/OS form of a restore
	 */
	public static DcosRestoreInfo toDcos(Restore restore) {
		Map<String, DcosComponentStatus> statuses = new LinkedHashMap<>();
		for (RestoreComponent component : restore.getComponents()) {
			statuses.put(component.getName(), new DcosComponentStatus(component.getStatus().name()));
		}
		return new DcosRestoreInfo(restore.getId(), restore.getStatus().name(), statuses);
	}

	private static Progress toWire(org.backplane.service.job.Progress progress) {
		return new Progress(progress.getItemsDone(), progress.getItemsTotal(), progress.getBytesDone(),
				progress.getBytesTotal());
	}

}
