package org.backplane.service.backup;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Items and bytes done and total, embedded in backups, restores and their components.
 */
@Embeddable
public class Progress {

	@Column(name = "items_done", nullable = false)
	private long itemsDone;

	@Column(name = "items_total", nullable = false)
	private long itemsTotal;

	@Column(name = "bytes_done", nullable = false)
	private long bytesDone;

	@Column(name = "bytes_total", nullable = false)
	private long bytesTotal;

	public long getItemsDone() {
		return this.itemsDone;
	}

	public long getItemsTotal() {
		return this.itemsTotal;
	}

	public long getBytesDone() {
		return this.bytesDone;
	}

	public long getBytesTotal() {
		return this.bytesTotal;
	}

	/**
	 * Fixes the totals before copying starts.
	 * @param items items to copy
	 * @param bytes bytes to copy
	 */
	public void setTotals(long items, long bytes) {
		this.itemsTotal = items;
		this.bytesTotal = bytes;
	}

	/**
	 * Records how much was copied.
	 * @param items items copied
	 * @param bytes bytes copied
	 */
	public void setDone(long items, long bytes) {
		this.itemsDone = items;
		this.bytesDone = bytes;
	}

	/**
	 * Sets this progress to the sum of others (a backup's or restore's from its components').
	 * @param parts the progress of each part
	 */
	public void sumOf(java.util.List<Progress> parts) {
		long itemsDoneSum = 0;
		long itemsTotalSum = 0;
		long bytesDoneSum = 0;
		long bytesTotalSum = 0;
		for (Progress part : parts) {
			itemsDoneSum += part.itemsDone;
			itemsTotalSum += part.itemsTotal;
			bytesDoneSum += part.bytesDone;
			bytesTotalSum += part.bytesTotal;
		}
		setTotals(itemsTotalSum, bytesTotalSum);
		setDone(itemsDoneSum, bytesDoneSum);
	}

	/**
	 * @return this progress on the wire
	 */
	public org.backplane.client.model.Progress toWire() {
		return new org.backplane.client.model.Progress(this.itemsDone, this.itemsTotal, this.bytesDone,
				this.bytesTotal);
	}

}
