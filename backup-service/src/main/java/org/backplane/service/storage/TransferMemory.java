package org.backplane.service.storage;

/**
 * What the heap must hold when every runner thread moves an artifact at once: each job
 * streams one artifact at a time through one provider, whose part or block buffers are
 * the only memory that grows with the transfer
 * ({@link StorageProviderFactory#transferMemory()}); the service itself keeps about
 * {@link #SERVICE_BYTES} live besides (45 MB measured after start-up, backups and
 * restores, then a full GC). The sum is taken × 1.5 ({@link #needed()}): the buffers live
 * as long as a transfer, so the collector must hold them in its old generation, which is
 * a part of the heap (measured with four 256 MB restores from S3 at once, 80 MB each,
 * before the {@link TransferBudget}: they ran out of heap at 384 MB with the serial and
 * the G1 collector, passed at 448 MB with the serial one and at 576 MB with both;
 * docs/operations.md). Checked once at start-up by {@link StorageLocations}: a heap below
 * the sum is a warning that names the settings to change, not a refusal (the runner
 * threads are rarely all busy with large artifacts at once, and when they are, the
 * {@link TransferBudget} makes them move fewer parts at once rather than run out of
 * heap).
 *
 * @param perJob the largest {@link StorageProviderFactory#transferMemory()} of the
 * configured locations
 * @param location the name of the location that needs {@code perJob}
 * @param scheme its scheme
 * @param threads {@code backplane.runner.threads}
 * @param maxHeap the heap limit ({@link Runtime#maxMemory()})
 */
record TransferMemory(long perJob, String location, String scheme, int threads, long maxHeap) {

	/** Heap kept for the service itself (catalogue, caches, web and job machinery). */
	public static final long SERVICE_BYTES = 64L * 1024 * 1024;

	private static final long MB = 1024 * 1024;

	/**
	 * @return what {@link #threads} jobs at once hold, with the service's own share
	 */
	public long held() {
		return this.threads * this.perJob + SERVICE_BYTES;
	}

	/**
	 * @return the heap {@link #threads} jobs at once may need: {@link #held()} × 1.5, the
	 * collector's headroom
	 */
	public long needed() {
		return held() * 3 / 2;
	}

	/**
	 * @return whether the heap limit is below {@link #needed()}
	 */
	public boolean tooSmall() {
		return this.maxHeap < needed();
	}

	/**
	 * @return the most runner threads this heap holds at {@link #perJob} each, at least 1
	 */
	public int threadsThatFit() {
		return (int) Math.max(1, Math.min(this.threads, jobsThatFit()));
	}

	/**
	 * What a heap leaves for transfer buffers: {@code needed() <= maxHeap} solved for the
	 * jobs' share.
	 * @param maxHeap the heap limit
	 * @return {@code maxHeap × 2/3 − 64 MB}, at least 0
	 */
	public static long transferRoom(long maxHeap) {
		return Math.max(0, maxHeap * 2 / 3 - SERVICE_BYTES);
	}

	/** The jobs whose buffers fit in the heap at full parallelism. */
	private long jobsThatFit() {
		long room = transferRoom(this.maxHeap);
		if (room == 0) {
			return 0;
		}
		return (this.perJob == 0) ? Long.MAX_VALUE : room / this.perJob;
	}

	/**
	 * @return one log line: the sum, and when the heap is too small what to change
	 */
	public String describe() {
		String sum = this.threads + ((this.threads == 1) ? " runner thread × " : " runner threads × ") + mb(this.perJob)
				+ " of transfer buffers (location '" + this.location + "', " + this.scheme + ") + " + mb(SERVICE_BYTES)
				+ " for the service = " + mb(held()) + ", × 1.5 for the collector = " + mb(needed());
		if (!tooSmall()) {
			return "Heap for jobs: " + sum + ", within the heap limit of " + mb(this.maxHeap)
					+ " (transfers may hold up to " + mb(transferRoom(this.maxHeap)) + " of buffers at once)";
		}
		String fewer = (jobsThatFit() >= 1) ? " or set backplane.runner.threads to " + threadsThatFit() + " or less,"
				: " (even one job at a time needs "
						+ mb(new TransferMemory(this.perJob, this.location, this.scheme, 1, this.maxHeap).needed())
						+ ")";
		return "The heap limit of " + mb(this.maxHeap) + " is below what " + this.threads + " jobs at once may need: "
				+ sum + ". When that many large transfers run at once they share " + mb(transferRoom(this.maxHeap))
				+ " of buffers and move fewer parts at once, each keeping one buffer"
				+ " at least. For full speed raise the heap (-Xmx, or -XX:MaxRAMPercentage in a container)," + fewer
				+ " or lower the location's part or block size (docs/storage-providers.md, docs/operations.md)";
	}

	private static String mb(long bytes) {
		return ((bytes + MB - 1) / MB) + " MB";
	}

}
