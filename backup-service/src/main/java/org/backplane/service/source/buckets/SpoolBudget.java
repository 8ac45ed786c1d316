package org.backplane.service.source.buckets;

/**
 * Bounds the local disk that large objects spooled at once may fill: a worker takes an
 * object's size from the budget before it spools the object and gives it back once the
 * spooled file is deleted. An object larger than the whole budget takes all of it, so it
 * waits until nothing else is spooled and is then spooled alone.
 */
final class SpoolBudget {

	private final long limit;

	private long used;

	SpoolBudget(long limit) {
		if (limit <= 0) {
			throw new IllegalArgumentException("spool-size must be positive");
		}
		this.limit = limit;
	}

	/**
	 * Takes bytes from the budget, waiting until they are free.
	 * @param bytes the object's size
	 * @return what was taken, to give back with {@link #release(long)}
	 * @throws InterruptedException if the wait is interrupted (the backup is stopping)
	 */
	synchronized long acquire(long bytes) throws InterruptedException {
		long taken = Math.max(1, Math.min(bytes, this.limit));
		while (this.used + taken > this.limit) {
			wait();
		}
		this.used += taken;
		return taken;
	}

	synchronized void release(long taken) {
		this.used -= taken;
		notifyAll();
	}

	synchronized long used() {
		return this.used;
	}

}
