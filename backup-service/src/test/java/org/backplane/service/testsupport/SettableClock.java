package org.backplane.service.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it (db-scheduler's {@code SettableClock}):
 * time-dependent behaviour (heartbeats, staleness, later cron) is tested without waiting
 * and without races against the wall clock.
 */
public final class SettableClock extends Clock {

	private volatile Instant now;

	/**
	 * A clock standing at {@code now}.
	 * @param now the time it shows until moved
	 */
	public SettableClock(Instant now) {
		this.now = now;
	}

	/**
	 * Sets the time.
	 * @param now the new time
	 */
	public void set(Instant now) {
		this.now = now;
	}

	/**
	 * Moves the time forward.
	 * @param amount how far
	 */
	public void advance(Duration amount) {
		this.now = this.now.plus(amount);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("A SettableClock stays in UTC");
	}

}
