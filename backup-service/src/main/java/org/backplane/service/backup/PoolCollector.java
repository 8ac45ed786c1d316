package org.backplane.service.backup;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.JobProgress;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;
import org.backplane.service.store.ObjectPool;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Garbage collection of the content-addressed object pools, kept apart from the backups
 * that write to them (docs/design/bucket-pool.md). A pool is a storage location with the
 * bucket and endpoint a backup's placement chose. Its {@code object_pool} row is locked
 * by a collection before it checks that no backup of the pool is running, and by a backup
 * before it checks that no collection is running; so a collection never runs while a
 * backup could be deduplicating against the pool. A collection that cannot start (a
 * backup runs) is owed and runs when the last backup of the pool ends.
 */
@Component
class PoolCollector implements DisposableBean {

	/** A collection whose heartbeat is older than this is taken for dead. */
	static final Duration STALE_AFTER = Duration.ofMinutes(2);

	private static final Duration HEARTBEAT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(PoolCollector.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final StorageLocations locations;

	private final BackupStores stores;

	private final JsonMapper json;

	private final Clock clock;

	private final String runner = "gc-" + UUID.randomUUID();

	private final ExecutorService collections = Executors.newSingleThreadExecutor((r) -> {
		Thread thread = new Thread(r, "backplane-pool-gc");
		thread.setDaemon(true);
		return thread;
	});

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "backplane-pool-gc-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	PoolCollector(JdbcTemplate jdbc, PlatformTransactionManager transactions, StorageLocations locations,
			BackupStores stores, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.locations = locations;
		this.stores = stores;
		this.json = json;
		this.clock = clock;
	}

	static String poolKey(Backup backup) {
		return backup.getStorageLocation() + "\n" + nullToEmpty(backup.getStorageBucket()) + "\n"
				+ nullToEmpty(backup.getStorageEndpoint());
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	/**
	 * Waits until no collection runs on the backup's pool. The backup's row is running
	 * (committed before its job started), so no collection starts after this returns
	 * until the backup ends.
	 * @param backup the running backup
	 * @param progress to stop waiting when the run is cancelled
	 * @throws InterruptedException if interrupted
	 */
	void awaitNoCollection(Backup backup, JobProgress progress) throws InterruptedException {
		String key = poolKey(backup);
		boolean logged = false;
		while (true) {
			Boolean collecting = this.tx.execute((status) -> {
				lockRow(key, backup.getStorageLocation(), backup.getStoragePlacement());
				List<java.sql.Timestamp> heartbeat = this.jdbc.queryForList(
						"select gc_heartbeat_at from object_pool where pool_key = ? and gc_runner is not null",
						java.sql.Timestamp.class, key);
				return !heartbeat.isEmpty() && heartbeat.get(0) != null
						&& heartbeat.get(0).toInstant().isAfter(this.clock.instant().minus(STALE_AFTER));
			});
			if (!Boolean.TRUE.equals(collecting)) {
				return;
			}
			if (!logged) {
				logger.info("Waiting for the object pool's garbage collection: backupId=" + backup.getId());
				logged = true;
			}
			progress.checkCancelled();
			Thread.sleep(500);
		}
	}

	private void lockRow(String key, String location, Map<String, String> placement) {
		this.jdbc.update(
				"insert into object_pool (pool_key, storage_location, storage_placement) values (?, ?, cast(? as jsonb)) "
						+ "on conflict (pool_key) do nothing",
				key, location, this.json.writeValueAsString(new TreeMap<>(placement)));
		this.jdbc.queryForList("select pool_key from object_pool where pool_key = ? for update", String.class, key);
	}

	/**
	 * Asks for a collection of a backup's pool, after the caller's transaction commits;
	 * it runs at once on a background thread if no backup of the pool is running, else
	 * when the last one ends.
	 * @param backup the deleted backup (for its pool)
	 * @param parameters per-request storage parameters to collect with now, or empty
	 */
	void request(Backup backup, Map<String, String> parameters) {
		request(backup, parameters, true);
	}

	/**
	 * A backup of a pool ended: runs the pool's owed collection, if any, after the
	 * caller's transaction commits.
	 * @param backup the backup
	 */
	void backupEnded(Backup backup) {
		request(backup, Map.of(), false);
	}

	private void request(Backup backup, Map<String, String> parameters, boolean asked) {
		String key = poolKey(backup);
		String location = backup.getStorageLocation();
		Map<String, String> placement = Map.copyOf(backup.getStoragePlacement());
		Runnable submit = () -> this.collections.submit(() -> collect(key, location, placement, parameters, asked));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					submit.run();
				}
			});
		}
		else {
			submit.run();
		}
	}

	// Collects a pool's garbage now if it may: no backup of the pool running, no other
	// collection running. Otherwise records that a collection is owed.
	// @param asked whether a collection was asked for now (a deletion); else only an owed
	// one runs
	// @return what was collected, or {@code null} if it did not run
	ObjectPool.Collected collect(String key, String location, Map<String, String> placement,
			Map<String, String> parameters, boolean asked) {
		Boolean start = this.tx.execute((status) -> {
			lockRow(key, location, placement);
			Map<String, Object> row = this.jdbc.queryForMap(
					"select gc_runner, gc_heartbeat_at, gc_requested_at from object_pool where pool_key = ?", key);
			if (!asked && row.get("gc_requested_at") == null) {
				return null;
			}
			Instant now = this.clock.instant();
			java.sql.Timestamp heartbeat = (java.sql.Timestamp) row.get("gc_heartbeat_at");
			boolean collecting = row.get("gc_runner") != null && heartbeat != null
					&& heartbeat.toInstant().isAfter(now.minus(STALE_AFTER));
			Integer running = this.jdbc.queryForObject(
					"select count(*) from backup where completed_at is null and storage_location = ? "
							+ "and coalesce(storage_bucket, '') = ? and coalesce(storage_endpoint, '') = ?",
					Integer.class, location, key.split("\n", -1)[1], key.split("\n", -1)[2]);
			if (collecting || (running != null && running > 0)) {
				this.jdbc.update(
						"update object_pool set gc_requested_at = coalesce(gc_requested_at, ?) " + "where pool_key = ?",
						java.sql.Timestamp.from(now), key);
				return false;
			}
			this.jdbc.update("update object_pool set gc_runner = ?, gc_heartbeat_at = ?, gc_requested_at = null "
					+ "where pool_key = ?", this.runner, java.sql.Timestamp.from(now), key);
			return true;
		});
		if (start == null) {
			return null;
		}
		if (!start) {
			logger.info("Object pool garbage collection deferred while backups of the pool run: location=" + location);
			return null;
		}
		ScheduledFuture<?> heartbeat = this.heartbeats.scheduleAtFixedRate(
				() -> this.jdbc.update(
						"update object_pool set gc_heartbeat_at = ? where pool_key = ? and gc_runner = ?",
						java.sql.Timestamp.from(this.clock.instant()), key, this.runner),
				HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
		boolean done = false;
		try {
			StorageTarget target = this.locations.existingTarget(location, placement, parameters);
			try (BackupStore store = this.stores.open(target)) {
				ObjectPool.Collected collected = store.pool().collectGarbage();
				logger.info("Object pool garbage collected: location=" + location + " pooled=" + collected.pooled()
						+ " referenced=" + collected.referenced() + " deleted=" + collected.deleted());
				done = true;
				return collected;
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Object pool garbage collection failed, it stays owed: location=" + location + " reason="
					+ ex.getMessage());
			return null;
		}
		finally {
			heartbeat.cancel(false);
			boolean owed = !done;
			this.jdbc.update("update object_pool set gc_runner = null, gc_heartbeat_at = null, "
					+ "gc_requested_at = case when ? then coalesce(gc_requested_at, ?) else gc_requested_at end "
					+ "where pool_key = ? and gc_runner = ?", owed, java.sql.Timestamp.from(this.clock.instant()), key,
					this.runner);
		}
	}

	/**
	 * Waits until the collections asked for so far have run (for tests and shutdown).
	 * @throws Exception if waiting fails
	 */
	void drain() throws Exception {
		this.collections.submit(() -> null).get(5, TimeUnit.MINUTES);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.collections.shutdownNow();
		this.heartbeats.shutdownNow();
		this.collections.awaitTermination(5, TimeUnit.SECONDS);
	}

}
