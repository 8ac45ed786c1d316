package org.backplane.service.job;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.backplane.service.source.SourceComponent;

/**
 * Progress of the component a job is copying, updated by the worker and read by the
 * heartbeat. Also where a job learns that it must stop: {@link #advance} throws
 * {@link JobCancelledException} once the job was cancelled (the service shuts down, or
 * the job lost its row to the reaper).
 */
public final class JobProgress implements SourceComponent.Progress {

	private final AtomicLong items = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final BooleanSupplier shuttingDown;

	private volatile String cancelReason;

	public JobProgress(BooleanSupplier shuttingDown) {
		this.shuttingDown = shuttingDown;
	}

	@Override
	public void advance(long items, long bytes) {
		this.items.addAndGet(items);
		this.bytes.addAndGet(bytes);
		checkCancelled();
	}

	/**
	 * @throws JobCancelledException if the job must stop
	 */
	public void checkCancelled() {
		if (this.cancelReason != null) {
			throw new JobCancelledException(this.cancelReason);
		}
		if (this.shuttingDown.getAsBoolean()) {
			throw new JobCancelledException("interrupted: the service is shutting down");
		}
	}

	/**
	 * @return whether the service is shutting down
	 */
	public boolean isShuttingDown() {
		return this.shuttingDown.getAsBoolean();
	}

	/**
	 * Asks the job to stop at its next progress report.
	 * @param reason why
	 */
	public void cancel(String reason) {
		this.cancelReason = reason;
	}

	/** Starts counting a new component. */
	public void reset() {
		this.items.set(0);
		this.bytes.set(0);
	}

	public long items() {
		return this.items.get();
	}

	public long bytes() {
		return this.bytes.get();
	}

	/**
	 * Thrown from {@link JobProgress#advance} to stop a job.
	 */
	public static class JobCancelledException extends RuntimeException {

		public JobCancelledException(String reason) {
			super(reason);
		}

	}

}
