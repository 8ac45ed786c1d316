package org.backplane.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.MirrorRunResponse;
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

	private final DcosBackup root;

	private boolean nativeApi = true;

	private boolean stopped;

	Waiter(DcosBackup root) {
		this.root = root;
		this.context = root.context();
		this.client = root.client();
	}

	/**
	 * Waits for a backup to be written.
	 * @param id the backup's id
	 * @throws CliException with {@link ExitCodes#FAILED} and the reason when it ends in
	 * {@code STATUS_ERROR}, with {@link ExitCodes#INTERRUPTED} when interrupted
	 */
	void backup(String id) {
		State state = await("Backing up", id, () -> backupState(id),
				"backup " + id + " goes on in the service; follow it with '" + this.root.suggest("show", id) + "'");
		if (state.status().equals(ERROR)) {
			throw new CliException(ExitCodes.FAILED,
					"Backup " + id + " failed: " + reason(state) + ". Fix the cause, then create a new backup (run '"
							+ this.root.suggest("show", id) + "' for details)");
		}
		this.context.out().println("Backup " + id + " is ready");
	}

	/**
	 * Waits for a restore to finish.
	 * @param backupId the backup being restored
	 * @param restoreId the restore's id
	 * @throws CliException with {@link ExitCodes#FAILED} and the reason when it ends in
	 * {@code STATUS_ERROR}, with {@link ExitCodes#INTERRUPTED} when interrupted
	 */
	void restore(String backupId, String restoreId) {
		State state = await("Restoring", restoreId, () -> restoreState(backupId, restoreId),
				"restore " + restoreId + " of backup " + backupId + " goes on in the service; follow it with '"
						+ this.root.suggest("show", backupId) + "'");
		if (state.status().equals(ERROR)) {
			throw new CliException(ExitCodes.FAILED, "Restore " + restoreId + " of backup " + backupId + " failed: "
					+ reason(state) + ". Fix the cause and restore again");
		}
		this.context.out().println("Restore " + restoreId + " of backup " + backupId + " is complete");
	}

	/**
	 * Waits for a mirror run to end.
	 * @param component the component mirrored
	 * @param runId the run's id
	 * @return the run as it ended, {@code STATUS_READY}
	 * @throws CliException with {@link ExitCodes#FAILED} and the reason when it ends in
	 * {@code STATUS_ERROR}, with {@link ExitCodes#INTERRUPTED} when interrupted
	 */
	MirrorRunResponse mirror(String component, String runId) {
		MirrorRunResponse[] last = new MirrorRunResponse[1];
		State state = await("Mirroring", runId, () -> {
			last[0] = this.client.getMirrorRun(component, runId);
			return new State(last[0].status().name(), last[0].progress(), last[0].errorReason());
		}, "mirror run " + runId + " goes on in the service; follow it with '"
				+ this.root.suggest("mirror show", component, runId) + "'");
		if (state.status().equals(ERROR)) {
			throw new CliException(ExitCodes.FAILED,
					"Mirror run " + runId + " of " + component + " failed: " + reason(state)
							+ ". Fix the cause and start a new run (nothing was deleted at the mirror unless "
							+ "every copy succeeded)");
		}
		return last[0];
	}

	/**
	 * Polls until the job ends, showing progress. On Ctrl-C (the JVM's shutdown hooks
	 * run) or when this thread is interrupted, the progress line is ended and one line
	 * says that the job goes on and how to follow it.
	 * @param verb what is going on, e.g. {@code Backing up}
	 * @param id the backup or restore id
	 * @param poll reads the job's state
	 * @param goesOn what to say when interrupted, after {@code Stopped waiting: }
	 * @return the final state
	 */
	private State await(String verb, String id, Supplier<State> poll, String goesOn) {
		ProgressReporter reporter = ProgressReporter.of(this.context, verb);
		Runnable undo = this.context.interrupts().onInterrupt(() -> stopWaiting(reporter, goesOn));
		try {
			while (true) {
				State state = poll.get();
				reporter.update(id, state.status(), state.progress());
				if (state.status().equals(READY) || state.status().equals(ERROR)) {
					return state;
				}
				try {
					this.context.sleeper().sleep(POLL_INTERVAL);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					stopWaiting(reporter, goesOn);
					throw new CliException(ExitCodes.INTERRUPTED, null);
				}
			}
		}
		finally {
			undo.run();
			reporter.finish();
		}
	}

	private void stopWaiting(ProgressReporter reporter, String goesOn) {
		synchronized (this) {
			if (this.stopped) {
				return;
			}
			this.stopped = true;
		}
		reporter.stop();
		this.context.out().flush();
		this.context.err().println("Stopped waiting: " + goesOn);
		this.context.err().flush();
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
				"Backup " + id + " disappeared while waiting for it: run '" + this.root.suggest("list") + "'"));
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
					"Backup " + backupId + " disappeared while restoring it: run '" + this.root.suggest("list") + "'"));
		String status = (info.restores() != null) ? info.restores()
			.stream()
			.filter((r) -> restoreId.equals(r.id()))
			.map(DcosRestoreInfo::status)
			.findFirst()
			.orElse(null) : null;
		if (status == null) {
			throw new CliException(ExitCodes.NOT_FOUND, "Restore " + restoreId + " is not listed under backup "
					+ backupId + ": run '" + this.root.suggest("show", backupId) + "'");
		}
		return new State(status, null, null);
	}

	private record State(String status, Progress progress, String errorReason) {
	}

}
