package org.backplane.zookeeper;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * Reads a subtree straight from ZooKeeper (synchronous API, several threads),
 * independently of the engine, and returns every persistent znode by path relative to the
 * root: its data (digest, length, or null), ACL and kind.
 */
final class ZnodeChecker {

	private ZnodeChecker() {
	}

	static SortedMap<String, Znode> snapshot(ZooKeeper zk, String root, Predicate<String> excluded) throws Exception {
		ConcurrentSkipListMap<String, Znode> result = new ConcurrentSkipListMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		Phaser phaser = new Phaser(1);
		AtomicReference<Throwable> error = new AtomicReference<>();
		try {
			submit(zk, root, root, excluded, result, pool, phaser, error);
			phaser.arriveAndAwaitAdvance();
		}
		finally {
			pool.shutdownNow();
		}
		if (error.get() != null) {
			throw new IllegalStateException("Checker failed", error.get());
		}
		return new TreeMap<>(result);
	}

	private static void submit(ZooKeeper zk, String root, String path, Predicate<String> excluded,
			ConcurrentSkipListMap<String, Znode> result, ExecutorService pool, Phaser phaser,
			AtomicReference<Throwable> error) {
		phaser.register();
		pool.execute(() -> {
			try {
				Stat stat = new Stat();
				byte[] data = zk.getData(path, false, stat);
				if (Znodes.isEphemeral(stat.getEphemeralOwner())) {
					return;
				}
				List<ACL> acl = zk.getACL(path, new Stat());
				String kind = ZooKeeperArchive.modeName(Znodes.mode(stat.getEphemeralOwner()));
				String digest = (data != null) ? data.length + ":"
						+ HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)) : "null";
				result.put(ZnodePaths.relative(root, path), new Znode(digest, acl, kind));
				for (String child : zk.getChildren(path, false)) {
					String childPath = ZnodePaths.child(path, child);
					if (!excluded.test(childPath)) {
						submit(zk, root, childPath, excluded, result, pool, phaser, error);
					}
				}
			}
			catch (KeeperException.NoNodeException ex) {
				// gone meanwhile
			}
			catch (Throwable ex) {
				error.compareAndSet(null, ex);
			}
			finally {
				phaser.arriveAndDeregister();
			}
		});
	}

	record Znode(String data, List<ACL> acl, String kind) {

	}

}
