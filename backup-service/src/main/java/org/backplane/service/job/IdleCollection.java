package org.backplane.service.job;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Collects the heap once the last run on this node has ended ({@link #GRACE} ago, and
 * nothing started since): what a backup held for its whole run (a bucket's listing, the
 * previous index's lines) sits in the old generation afterwards, and the serial collector
 * would otherwise collect it in the middle of the next run (bench/buckets: two full
 * collections of ~0.17 s inside an unchanged backup of 1.3 s), and keep the heap it
 * needed committed meanwhile. The serial collector has no periodic collection of its own
 * (G1's {@code G1PeriodicGCInterval}, JEP 346, does this for idle G1 heaps); after this
 * one the heap shrinks as far as {@code -XX:MaxHeapFreeRatio} allows and its memory goes
 * back to the system. {@code backplane.runner.collect-when-idle=false} turns it off.
 */
final class IdleCollection {

	/**
	 * How long the node must have been idle: the ended run's own last answers (a status
	 * poll seeing it READY, the CLI's wait) are not held up by the collection's pause.
	 */
	static final Duration GRACE = Duration.ofMillis(250);

	private static final Log logger = LogFactory.getLog(IdleCollection.class);

	private final AtomicInteger running = new AtomicInteger();

	// changes whenever a run starts or ends: a collection planned at an end is dropped
	// if anything happened since
	private final AtomicLong generation = new AtomicLong();

	private final boolean enabled;

	private final ScheduledExecutorService scheduler;

	private final Duration grace;

	private final Runnable collect;

	IdleCollection(boolean enabled, ScheduledExecutorService scheduler, Duration grace, Runnable collect) {
		this.enabled = enabled;
		this.scheduler = scheduler;
		this.grace = grace;
		this.collect = collect;
	}

	static IdleCollection of(boolean enabled, ScheduledExecutorService scheduler) {
		return new IdleCollection(enabled, scheduler, GRACE, System::gc);
	}

	void runStarted() {
		this.running.incrementAndGet();
		this.generation.incrementAndGet();
	}

	void runEnded() {
		long at = this.generation.incrementAndGet();
		if (this.running.decrementAndGet() == 0 && this.enabled) {
			try {
				this.scheduler.schedule(() -> collectIfIdleSince(at), this.grace.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: nothing to give back
			}
		}
	}

	private void collectIfIdleSince(long at) {
		if (this.running.get() != 0 || this.generation.get() != at) {
			return;
		}
		long start = System.nanoTime();
		this.collect.run();
		if (logger.isDebugEnabled()) {
			logger.debug("Heap collected, no run on this node: " + (System.nanoTime() - start) / 1_000_000 + " ms");
		}
	}

}
