package org.backplane.service.job;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.backplane.service.source.SourceComponent;

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

	/**
	 * No progress and no totals yet.
	 */
	public Progress() {
	}

	/**
	 * Progress as read from a row (the catalogue's read projections).
	 * @param itemsDone items done
	 * @param itemsTotal items to do
	 * @param bytesDone bytes done
	 * @param bytesTotal bytes to do, or {@link #UNKNOWN_BYTES}
	 */
	public Progress(long itemsDone, long itemsTotal, long bytesDone, long bytesTotal) {
		this.itemsDone = itemsDone;
		this.itemsTotal = itemsTotal;
		this.bytesDone = bytesDone;
		this.bytesTotal = bytesTotal;
	}

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

	/** The bytes total of progress whose source could not count bytes before copying. */
	public static final long UNKNOWN_BYTES = SourceComponent.Totals.UNKNOWN_BYTES;

	/**
	 * Fixes the totals before copying starts.
	 * @param items items to copy
	 * @param bytes bytes to copy, or {@link #UNKNOWN_BYTES}
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
	 * Records what a finished copy copied, which then is also the totals: the totals
	 * counted before copying are an estimate when the source changed meanwhile or could
	 * only count items.
	 * @param items items copied
	 * @param bytes bytes copied
	 */
	public void setCompleted(long items, long bytes) {
		setTotals(items, bytes);
		setDone(items, bytes);
	}

	/**
	 * Sets this progress to the sum of others (a backup's or restore's from its
	 * components').
	 * @param parts the progress of each part
	 */
	public void sumOf(List<Progress> parts) {
		long itemsDoneSum = 0;
		long itemsTotalSum = 0;
		long bytesDoneSum = 0;
		long bytesTotalSum = 0;
		for (Progress part : parts) {
			itemsDoneSum += part.itemsDone;
			itemsTotalSum += part.itemsTotal;
			bytesDoneSum += part.bytesDone;
			bytesTotalSum = SourceComponent.Totals.addBytes(bytesTotalSum, part.bytesTotal);
		}
		setTotals(itemsTotalSum, bytesTotalSum);
		setDone(itemsDoneSum, bytesDoneSum);
	}

}
