package org.backplane.service.storage;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>
 * It is also the pool of the part buffers themselves ({@link #takeBuffer},
 * {@link #tryTakeBuffer}, {@link #giveBuffer}): a buffer handed back is kept, still
 * counted as taken, for the next transfer that asks for one of its size, instead of being
 * left to the collector (a 1 GiB snapshot's files each allocating their own 16 MB parts
 * made the collector run full collections, docs/benchmarks.md), up to a quarter of the
 * budget ({@link #IDLE_SHARE}). Kept buffers never make the sum exceed the budget: one is
 * kept only while the sum is within it, and {@link #tryTake} and {@link #take} drop kept
 * buffers when they need their room.
 */
public final class TransferBudget {

	/**
	 * Buffers handed back are kept up to this share of the budget: a transfer's worth
	 * with the defaults (84 MB of a 336 MB budget, five 16 MB parts), enough for the next
	 * transfer to reuse them. Without a bound the pool kept every buffer of the busiest
	 * moment so far: the service's RSS crept up by 10 to 20 MB a backup on the bucket
	 * benchmark, above its 512 MB target (docs/benchmarks.md).
	 */
	static final int IDLE_SHARE = 4;

	private final long total;

	private final AtomicLong taken = new AtomicLong();

	/** Buffers handed back and kept for reuse, by size; counted in {@link #taken}. */
	private final Map<Integer, Queue<byte[]>> idle = new ConcurrentHashMap<>();

	private final AtomicLong idleBytes = new AtomicLong();

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
		long now = this.taken.addAndGet(bytes);
		while (now > this.total && dropIdle()) {
			now = this.taken.get();
		}
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
				if (dropIdle()) {
					continue;
				}
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
	 * Takes the first buffer of a transfer, as {@link #take} does: a kept buffer of that
	 * size if there is one, else a new one. Hand it back with {@link #giveBuffer}.
	 * @param size the buffer's size
	 * @return the buffer; its content is undefined
	 */
	public byte[] takeBuffer(int size) {
		byte[] buffer = reuse(size);
		if (buffer != null) {
			return buffer;
		}
		take(size);
		return new byte[size];
	}

	/**
	 * Takes one more buffer of a transfer if there is a kept one of that size or the
	 * budget has room for a new one, as {@link #tryTake} does. Hand it back with
	 * {@link #giveBuffer}.
	 * @param size the buffer's size
	 * @return the buffer (content undefined), or {@code null} if the budget has no room
	 */
	public byte[] tryTakeBuffer(int size) {
		byte[] buffer = reuse(size);
		if (buffer != null) {
			return buffer;
		}
		return tryTake(size) ? new byte[size] : null;
	}

	/**
	 * Hands back a buffer that {@link #takeBuffer} or {@link #tryTakeBuffer} granted:
	 * kept for the next transfer while the transfers' sum is within the budget, else
	 * dropped and its bytes given back. The caller must not use it any more.
	 * @param buffer the buffer
	 */
	public void giveBuffer(byte[] buffer) {
		if (this.taken.get() > this.total) {
			give(buffer.length);
			return;
		}
		if (this.idleBytes.addAndGet(buffer.length) > this.total / IDLE_SHARE) {
			// the pool holds enough: kept buffers beyond it only held the heap up
			this.idleBytes.addAndGet(-buffer.length);
			give(buffer.length);
			return;
		}
		this.idle.computeIfAbsent(buffer.length, (size) -> new ConcurrentLinkedQueue<>()).add(buffer);
	}

	/**
	 * @return the bytes of the buffers kept for reuse (they count against the budget
	 * until dropped, but not in {@link #taken()})
	 */
	public long idle() {
		return this.idleBytes.get();
	}

	private byte[] reuse(int size) {
		Queue<byte[]> kept = this.idle.get(size);
		byte[] buffer = (kept != null) ? kept.poll() : null;
		if (buffer != null) {
			this.idleBytes.addAndGet(-size);
		}
		return buffer;
	}

	// Drops one kept buffer, giving its bytes back; whether there was one
	private boolean dropIdle() {
		for (Queue<byte[]> kept : this.idle.values()) {
			byte[] buffer = kept.poll();
			if (buffer != null) {
				this.idleBytes.addAndGet(-buffer.length);
				give(buffer.length);
				return true;
			}
		}
		return false;
	}

	/**
	 * @return the bytes the transfers hold now (without the buffers kept for reuse)
	 */
	public long taken() {
		return this.taken.get() - this.idleBytes.get();
	}

	/**
	 * @return the most {@link #tryTake} grants in all
	 */
	public long total() {
		return this.total;
	}

}
