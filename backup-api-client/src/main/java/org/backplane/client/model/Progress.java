package org.backplane.client.model;

/**
 * Progress of a backup, a restore or one of their components. Totals are fixed before
 * copying starts (counted by the source, so an estimate when the source changes
 * meanwhile); once a component is copied they are what it copied.
 *
 * @param itemsDone items copied so far
 * @param itemsTotal items to copy
 * @param bytesDone content bytes copied so far
 * @param bytesTotal content bytes to copy, or {@link #UNKNOWN} ({@code -1}) while a
 * source that counts items only (such as ZooKeeper's fast count) is being copied:
 * progress then goes by items
 */
public record Progress(long itemsDone, long itemsTotal, long bytesDone, long bytesTotal) {

	/** The {@code bytesTotal} when it is not known. */
	public static final long UNKNOWN = -1;

	/** No progress and no totals. */
	public static final Progress NONE = new Progress(0, 0, 0, 0);

	/**
	 * The share of bytes done (of items when the bytes total is zero or
	 * {@link #UNKNOWN}), between 0 and 1.
	 * @return the fraction done
	 */
	public double fraction() {
		if (this.bytesTotal > 0) {
			return Math.min(1.0, (double) this.bytesDone / this.bytesTotal);
		}
		if (this.itemsTotal > 0) {
			return Math.min(1.0, (double) this.itemsDone / this.itemsTotal);
		}
		return 0.0;
	}

}
