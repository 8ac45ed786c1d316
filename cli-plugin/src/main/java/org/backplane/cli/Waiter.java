package org.backplane.cli;

import java.time.Duration;
import java.util.Optional;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.Progress;
import org.backplane.client.model.RestoreResponse;

/**
 * Polls a backup or restore until it ends ({@code --wait}), showing progress. Uses the
 * native API, which has progress and the error reason, and falls back to the DC/OS
 * {@code list} (status only) when the native API is not reachable at this URL.
 */
final class Waiter {

	static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	private static final String READY = "STATUS_READY";

	private static final String ERROR = "STATUS_ERROR";

	private final CliContext context;

	private final BackplaneClient client;

	private boolean nativeApi = true;

	Waiter(CliContext context, BackplaneClient client) {
		this.context = context;
		this.client = client;
	}

	/**
	 * Waits for a backup to be written.
	 * @param id the backup's id
	 * @throws CliException with {@link ExitCodes#FAILED} and the reason when it ends in
	 * {@code STATUS_ERROR}
	 */
	void backup(String id) {
		ProgressReporter reporter = ProgressReporter.of(this.context, "Backing up");
		State state;
		try {
			while (true) {
				state = backupState(id);
				reporter.update(id, state.status(), state.progress());
				if (state.status().equals(READY) || state.status().equals(ERROR)) {
					break;
				}
				sleep();
			}
		}
		finally {
			reporter.finish();
		}
		if (state.status().equals(ERROR)) {
			throw new CliException(ExitCodes.FAILED, "Backup " + id + " failed: " + reason(state)
					+ ". Fix the cause, then create a new backup (run 'dcos backup show " + id + "' for details)");
		}
		this.context.out().println("Backup " + id + " is ready");
	}

	/**
	 * Waits for a restore to finish.
	 * @param backupId the backup being restored
	 * @param restoreId the restore's id
	 * @throws CliException with {@link ExitCodes#FAILED} and the reason when it ends in
	 * {@code STATUS_ERROR}
	 */
	void restore(String backupId, String restoreId) {
		ProgressReporter reporter = ProgressReporter.of(this.context, "Restoring");
		State state;
		try {
			while (true) {
				state = restoreState(backupId, restoreId);
				reporter.update(restoreId, state.status(), state.progress());
				if (state.status().equals(READY) || state.status().equals(ERROR)) {
					break;
				}
				sleep();
			}
		}
		finally {
			reporter.finish();
		}
		if (state.status().equals(ERROR)) {
			throw new CliException(ExitCodes.FAILED, "Restore " + restoreId + " of backup " + backupId + " failed: "
					+ reason(state) + ". Fix the cause and restore again");
		}
		this.context.out().println("Restore " + restoreId + " of backup " + backupId + " is complete");
	}

	private static String reason(State state) {
		return (state.errorReason() != null) ? state.errorReason() : "no reason given";
	}

	private State backupState(String id) {
		if (this.nativeApi) {
			try {
				BackupResponse backup = this.client.getBackup(id);
				return new State(backup.status().name(), backup.progress(), backup.errorReason());
			}
			catch (BackplaneApiException ex) {
				if (!ex.isMissingRoute()) {
					throw ex;
				}
				this.nativeApi = false;
			}
		}
		Optional<DcosBackupInfo> found = this.client.dcosFind(id);
		DcosBackupInfo info = found.orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
				"Backup " + id + " disappeared while waiting for it: run 'dcos backup list'"));
		return new State(info.status(), null, null);
	}

	private State restoreState(String backupId, String restoreId) {
		if (this.nativeApi) {
			try {
				RestoreResponse restore = this.client.getRestore(backupId, restoreId);
				return new State(restore.status().name(), restore.progress(), restore.errorReason());
			}
			catch (BackplaneApiException ex) {
				if (!ex.isMissingRoute()) {
					throw ex;
				}
				this.nativeApi = false;
			}
		}
		DcosBackupInfo info = this.client.dcosFind(backupId)
			.orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
					"Backup " + backupId + " disappeared while restoring it: run 'dcos backup list'"));
		String status = (info.restores() != null) ? info.restores()
			.stream()
			.filter((r) -> restoreId.equals(r.id()))
			.map(DcosRestoreInfo::status)
			.findFirst()
			.orElse(null) : null;
		if (status == null) {
			throw new CliException(ExitCodes.NOT_FOUND, "Restore " + restoreId + " is not listed under backup "
					+ backupId + ": run 'dcos backup show " + backupId + "'");
		}
		return new State(status, null, null);
	}

	private void sleep() {
		try {
			this.context.sleeper().sleep(POLL_INTERVAL);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException(ExitCodes.OTHER, "Interrupted while waiting; the operation goes on in the service");
		}
	}

	private record State(String status, Progress progress, String errorReason) {
	}

}
