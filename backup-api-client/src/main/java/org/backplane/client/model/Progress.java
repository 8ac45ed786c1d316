package org.backplane.client.model;

/**
 * Progress of a backup, a restore or one of their components. Totals are fixed before copying starts.
 *
 * @param itemsDone items copied so far
 * @param itemsTotal items to copy
 * @param bytesDone content bytes copied so far
 * @param bytesTotal content bytes to copy
 */
public record Progress(long itemsDone, long itemsTotal, long bytesDone, long bytesTotal) {

	/** No progress and no totals. */
	public static final Progress NONE = new Progress(0, 0, 0, 0);

	/**
	 * The share of bytes done (of items when there are no bytes), between 0 and 1.
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
