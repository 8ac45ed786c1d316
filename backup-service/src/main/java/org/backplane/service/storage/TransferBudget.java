package org.backplane.service.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that the transfers running at once may hold in part, range and block buffers,
 * shared by every provider of the service. Each transfer always gets its first buffer
 * ({@link #take}), so it can move its bytes one buffer at a time whatever else runs; the
 * buffers it would like to fill in parallel beyond that ({@link #tryTake}) are granted
 * only while the sum stays within the budget. When more large transfers run at once than
 * the heap holds at full parallelism, they therefore run with fewer parts or ranges in
 * flight instead of running out of memory. Bytes are handed back with {@link #give}.
 * <p>
 * The service's budget is what {@link TransferMemory} leaves of the heap for transfers:
 * {@code heap limit × 2/3 − 64 MB} ({@link #forHeap}). Holds no SDK types; thread-safe,
 * never blocks.
 */
public final class TransferBudget {

	private final long total;

	private final AtomicLong taken = new AtomicLong();

	private TransferBudget(long total) {
		this.total = total;
	}

	/**
	 * A budget of {@code bytes}.
	 * @param bytes the most that {@link #tryTake} grants in all; 0 leaves every transfer
	 * its first buffer only
	 * @return the budget
	 */
	public static TransferBudget of(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("A transfer budget cannot be negative: " + bytes);
		}
		return new TransferBudget(bytes);
	}

	/**
	 * No limit beyond each provider's own settings (for programs that drive a provider
	 * alone).
	 * @return the budget
	 */
	public static TransferBudget unlimited() {
		return new TransferBudget(Long.MAX_VALUE);
	}

	/**
	 * The service's budget for a heap limit: what is left for transfers once the
	 * collector's headroom and the service's own share are set aside, the inverse of
	 * {@link TransferMemory#needed()}.
	 * @param maxHeap the heap limit ({@link Runtime#maxMemory()})
	 * @return the budget, possibly 0
	 */
	public static TransferBudget forHeap(long maxHeap) {
		return of(TransferMemory.transferRoom(maxHeap));
	}

	/**
	 * Takes the first buffer of a transfer: always granted, even beyond the budget, so
	 * that every transfer makes progress; what it takes counts against what
	 * {@link #tryTake} grants others.
	 * @param bytes the buffer's size
	 */
	public void take(long bytes) {
		this.taken.addAndGet(bytes);
	}

	/**
	 * Takes one more buffer of a transfer if the budget has room for it.
	 * @param bytes the buffer's size
	 * @return whether it was granted; if not, the transfer goes on with the buffers it
	 * has
	 */
	public boolean tryTake(long bytes) {
		while (true) {
			long before = this.taken.get();
			if (before + bytes > this.total || before + bytes < 0) {
				return false;
			}
			if (this.taken.compareAndSet(before, before + bytes)) {
				return true;
			}
		}
	}

	/**
	 * Hands back what {@link #take} or {@link #tryTake} granted.
	 * @param bytes the bytes given back
	 */
	public void give(long bytes) {
		this.taken.addAndGet(-bytes);
	}

	/**
	 * @return the bytes the transfers hold now
	 */
	public long taken() {
		return this.taken.get();
	}

	/**
	 * @return the most {@link #tryTake} grants in all
	 */
	public long total() {
		return this.total;
	}

}
