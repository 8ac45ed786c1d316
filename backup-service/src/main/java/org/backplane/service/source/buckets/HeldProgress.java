package org.backplane.service.source.buckets;

import org.backplane.service.source.SourceComponent.Progress;

/**
 * Progress held back until the totals are out: a backup starts copying the buckets
 * already listed while the others are still listed, and what it copies meanwhile is
 * counted only once the totals from the whole listing have been reported, so progress
 * never runs ahead of its totals.
 */
final class HeldProgress implements Progress {

	private final Progress target;

	private volatile boolean released;

	private long items;

	private long bytes;

	HeldProgress(Progress target) {
		this.target = target;
	}

	@Override
	public void advance(long items, long bytes) {
		if (!this.released) {
			synchronized (this) {
				if (!this.released) {
					this.items += items;
					this.bytes += bytes;
					return;
				}
			}
		}
		this.target.advance(items, bytes);
	}

	/**
	 * Passes on what was held, and from now on every advance as it comes.
	 */
	void release() {
		long heldItems;
		long heldBytes;
		synchronized (this) {
			if (this.released) {
				return;
			}
			this.released = true;
			heldItems = this.items;
			heldBytes = this.bytes;
		}
		if (heldItems != 0 || heldBytes != 0) {
			this.target.advance(heldItems, heldBytes);
		}
	}

}
