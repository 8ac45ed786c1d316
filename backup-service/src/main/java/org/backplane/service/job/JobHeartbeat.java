package org.backplane.service.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.source.SourceComponent;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The heartbeat of a running backup or restore: every interval, records overall and
 * current-component progress in one transaction; when the row is no longer the job's (the
 * reaper ended it, another runner took it), cancels the job through its
 * {@link JobProgress}.
 */
final class JobHeartbeat implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JobHeartbeat.class);

	private final String what;

	private final JobProgress progress;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final Writer writer;

	private final ScheduledFuture<?> future;

	private String component;

	private long itemsTotal;

	private long bytesTotal;

	private long itemsDone;

	private long bytesDone;

	/**
	 * Starts beating.
	 * @param what e.g. {@code backupId=…}, for log lines
	 * @param progress the job's progress (of its current component)
	 * @param interval how often to beat
	 * @param tx transactions
	 * @param clock the clock
	 * @param beats the thread that beats
	 * @param writer writes one beat; returns the rows updated (0 when the row is no
	 * longer the job's)
	 */
	JobHeartbeat(String what, JobProgress progress, Duration interval, TransactionTemplate tx, Clock clock,
			ScheduledExecutorService beats, Writer writer) {
		this.what = what;
		this.progress = progress;
		this.tx = tx;
		this.clock = clock;
		this.writer = writer;
		this.future = beats.scheduleAtFixedRate(this::beat, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Adds to the overall totals.
	 * @param items items
	 * @param bytes bytes, or {@link SourceComponent.Totals#UNKNOWN_BYTES}, which makes
	 * the overall bytes total unknown
	 */
	synchronized void addTotals(long items, long bytes) {
		this.itemsTotal += items;
		this.bytesTotal = SourceComponent.Totals.addBytes(this.bytesTotal, bytes);
	}

	/**
	 * A component starts: its progress is counted from zero.
	 * @param name its name
	 */
	synchronized void startComponent(String name) {
		this.component = name;
		this.progress.reset();
	}

	/**
	 * The current component ended; what it copied is added to the overall progress.
	 * @param items items it copied
	 * @param bytes bytes it copied
	 */
	synchronized void endComponent(long items, long bytes) {
		this.component = null;
		this.itemsDone += items;
		this.bytesDone += bytes;
		this.progress.reset();
	}

	private void beat() {
		try {
			String name;
			long items;
			long bytes;
			long totalItems;
			long totalBytes;
			synchronized (this) {
				name = this.component;
				items = this.itemsDone + this.progress.items();
				bytes = this.bytesDone + this.progress.bytes();
				totalItems = this.itemsTotal;
				totalBytes = this.bytesTotal;
			}
			long componentItems = this.progress.items();
			long componentBytes = this.progress.bytes();
			Integer mine = this.tx.execute((status) -> this.writer.write(this.clock.instant(), items, bytes, totalItems,
					totalBytes, name, componentItems, componentBytes));
			if (mine == null || mine == 0) {
				this.progress.cancel("interrupted: the job was taken over or ended elsewhere");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Heartbeat failed: " + this.what + " reason=" + ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.future.cancel(false);
	}

	/**
	 * Writes one beat, in a transaction.
	 */
	@FunctionalInterface
	public interface Writer {

		/**
		 * @param now the time
		 * @param itemsDone overall items done
		 * @param bytesDone overall bytes done
		 * @param itemsTotal overall items to do
		 * @param bytesTotal overall bytes to do
		 * @param component the current component, or {@code null} between components
		 * @param componentItems its items done
		 * @param componentBytes its bytes done
		 * @return rows updated: 0 when the row is no longer the job's
		 */
		int write(Instant now, long itemsDone, long bytesDone, long itemsTotal, long bytesTotal, String component,
				long componentItems, long componentBytes);

	}

}
