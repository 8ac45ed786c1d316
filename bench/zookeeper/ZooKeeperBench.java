import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.backplane.zookeeper.ZooKeeperBackup;
import org.backplane.zookeeper.ZooKeeperClients;
import org.backplane.zookeeper.ZooKeeperRestore;
import org.backplane.zookeeper.ZooKeeperRestorePolicy;

/**
 * Issue 3's ZooKeeper benchmark, in one run against one server: (a) sequential Curator read, (b) raw pipelined
 * async read (2,000 in flight), (c) Backplane backup (fast count + write, through SHA-256 to a file; also with the
 * exact count), (d) sequential create, (e) Backplane restore (from that file, SHA-256 while reading, verified
 * count); (b') is (b) plus the getACL every backup needs. Prints znodes/s and the peak heap. Usage: java -Xmx256m -cp <classpath> ZooKeeperBench.java <connect-string> [znodes] [sequential-creates]
 */
public class ZooKeeperBench {

	static final String SOURCE = "/bench-src";

	public static void main(String[] args) throws Exception {
		String connect = args[0];
		int size = (args.length > 1) ? Integer.parseInt(args[1]) : 100_000;
		int sequentialCreates = (args.length > 2) ? Integer.parseInt(args[2]) : 20_000;
		Thread heap = startHeapSampler();
		try (CuratorFramework client = ZooKeeperClients.connect(ZooKeeperClients.Settings.of(connect))) {
			ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
			for (String path : List.of(SOURCE, "/bench-seq", "/bench-restore", "/bench-restore2", "/bench-restore3")) {
				if (zk.exists(path, false) != null) {
					ZKUtil.deleteRecursive(zk, path);
				}
			}
			List<String> paths = treePaths(size);
			long start = System.nanoTime();
			pipelinedCreate(zk, paths, SOURCE);
			report("setup: pipelined create (2,000 in flight)", paths.size(), start);

			start = System.nanoTime();
			long read = sequentialRead(client, SOURCE);
			report("(a) sequential Curator read (getData + getChildren, one at a time)", read, start);

			start = System.nanoTime();
			read = pipelinedRead(zk, SOURCE, false);
			report("(b) raw pipelined async read (getData + getChildren, 2,000 in flight)", read, start);

			start = System.nanoTime();
			read = pipelinedRead(zk, SOURCE, true);
			report("(b') raw pipelined async read with ACLs (getData + getACL + getChildren)", read, start);

			if (System.getenv("BENCH_PROBE_MULTI") != null) {
				// probe: what the server does with the same reads batched (getData of 32 znodes per multiRead,
				// ZooKeeper 3.6+) against one request each; both with getACL per znode, over the known paths
				for (int batch : new int[] { 1, 32, 1, 32 }) {
					start = System.nanoTime();
					read = batchedRead(zk, paths, SOURCE, batch);
					report("(probe) getData in multiRead batches of " + batch + " + getACL each, 2,000 in flight", read,
							start);
				}
				return;
			}
			Path file = Files.createTempFile("zk-bench", ".tar");
			// as ZooKeeperSourceComponent does by default: fast count (count: fast), then the walk, which knows no
			// data sizes yet (a first backup)
			start = System.nanoTime();
			ZooKeeperBackup.Census census = ZooKeeperBackup.count(client, SOURCE, null, ZooKeeperBackup.CountMode.FAST);
			long counted = System.nanoTime();
			ZooKeeperBackup.Result result;
			try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
					MessageDigest.getInstance("SHA-256"))) {
				result = ZooKeeperBackup.write(client, ZooKeeperBackup.Options.of(SOURCE, null), out, null);
			}
			report("(c) Backplane backup end to end (fast count + tar + SHA-256 + file)", result.znodes(), start);
			long batchedReads = result.batchedReads();
			report("    of which the tar walk alone", result.znodes(), counted);
			System.out.printf("    artifact: %,d bytes for %,d znodes; fast count %,d znodes in %.3f s; %,d multi reads%n",
					Files.size(file), result.znodes(), census.znodes(), (counted - start) / 1e9, batchedReads);

			// reading znode by znode (as before batched reads, and as on ZooKeeper before 3.6)
			start = System.nanoTime();
			try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(OutputStream.nullOutputStream(), 1 << 16),
					MessageDigest.getInstance("SHA-256"))) {
				result = ZooKeeperBackup.write(client, ZooKeeperBackup.Options.of(SOURCE, null).withBatchReads(false), out,
						null);
			}
			report("(c-single) Backplane backup walk reading znode by znode (no multi reads), no count", result.znodes(),
					start);

			// count: exact, as before: one getChildren per znode first
			start = System.nanoTime();
			census = ZooKeeperBackup.count(client, SOURCE, null, ZooKeeperBackup.CountMode.EXACT);
			counted = System.nanoTime();
			try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(OutputStream.nullOutputStream(), 1 << 16),
					MessageDigest.getInstance("SHA-256"))) {
				result = ZooKeeperBackup.write(client,
						ZooKeeperBackup.Options.of(SOURCE, null).withExpectedLargestData(census.largestData()), out, null);
			}
			report("(c-exact) Backplane backup with count: exact (exact count + tar + SHA-256)", result.znodes(), start);
			report("    of which the exact count alone", census.znodes(), start, counted);
			AtomicLong gzipBytes = new AtomicLong();
			start = System.nanoTime();
			result = ZooKeeperBackup.write(client, ZooKeeperBackup.Options.of(SOURCE, null).withGzip(true),
					new OutputStream() {
						@Override
						public void write(int b) {
							gzipBytes.incrementAndGet();
						}

						@Override
						public void write(byte[] b, int off, int len) {
							gzipBytes.addAndGet(len);
						}
					}, null);
			report("(c') Backplane backup walk with gzip (level 1), no count", result.znodes(), start);
			System.out.printf("    gzip artifact: %,d bytes (random 200-byte data does not compress; headers do)%n", gzipBytes.get());

			List<String> seq = paths.subList(0, Math.min(sequentialCreates, paths.size()));
			start = System.nanoTime();
			sequentialCreate(client, seq, "/bench-seq");
			report("(d) sequential Curator create (" + seq.size() + " znodes)", seq.size(), start);

			start = System.nanoTime();
			ZooKeeperRestore.Result restored;
			try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
					MessageDigest.getInstance("SHA-256"))) {
				restored = ZooKeeperRestore.read(client, in, ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS)
					.withTargetPath("/bench-restore"), null);
			}
			report("(e) Backplane restore end to end (file + SHA-256 + untar + pipelined create, acknowledged count)",
					restored.znodes(), start);

			System.out.printf("    %,d multi transactions%n", restored.batchedCreates());

			start = System.nanoTime();
			try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
				restored = ZooKeeperRestore.read(client, in, ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS)
					.withTargetPath("/bench-restore3").withBatchCreates(false), null);
			}
			report("(e-single) Backplane restore creating znode by znode (no multi transactions)", restored.znodes(), start);

			start = System.nanoTime();
			try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
				restored = ZooKeeperRestore.read(client, in, ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.OVERWRITE)
					.withTargetPath("/bench-restore"), null);
			}
			report("(e') Backplane restore, overwrite (pipelined delete of " + restored.deleted() + " + create)",
					restored.znodes(), start);
			start = System.nanoTime();
			try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
				restored = ZooKeeperRestore.read(client, in, ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS)
					.withTargetPath("/bench-restore2").withVerify(true), null);
			}
			report("(e'') Backplane restore with verify-restore (a second walk counts the result)", restored.znodes(), start);
			// the trees stay: run.sh's server is throwaway (ZKUtil.deleteRecursive would take minutes)
			Files.delete(file);
		}
		heap.interrupt();
		System.out.printf("peak heap used: %,d MiB (max heap %,d MiB)%n", peakHeap.get() >> 20,
				Runtime.getRuntime().maxMemory() >> 20);
	}

	/** ~200-byte znodes nested 3-4 levels: /a<i>/b<j>/c<k>[/d<l>]. */
	static List<String> treePaths(int size) {
		List<String> paths = new ArrayList<>(size);
		for (int a = 0; paths.size() < size; a++) {
			String first = "/a" + a;
			paths.add(first);
			for (int b = 0; b < 20 && paths.size() < size; b++) {
				String second = first + "/b" + b;
				paths.add(second);
				for (int c = 0; c < 10 && paths.size() < size; c++) {
					String third = second + "/c" + c;
					paths.add(third);
					for (int d = 0; d < (c % 2) * 3 && paths.size() < size; d++) {
						paths.add(third + "/d" + d);
					}
				}
			}
		}
		return paths;
	}

	static byte[] data(Random random) {
		byte[] data = new byte[200];
		random.nextBytes(data);
		return data;
	}

	static void pipelinedCreate(ZooKeeper zk, List<String> paths, String root) throws Exception {
		zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		Random random = new Random(1);
		Semaphore window = new Semaphore(2000);
		AtomicLong errors = new AtomicLong();
		for (String path : paths) {
			window.acquire();
			zk.create(root + path, data(random), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
				if (rc != 0) {
					errors.incrementAndGet();
				}
				window.release();
			}, null);
		}
		window.acquire(2000);
		if (errors.get() > 0) {
			throw new IllegalStateException(errors.get() + " creates failed");
		}
	}

	static void sequentialCreate(CuratorFramework client, List<String> paths, String root) throws Exception {
		client.create().forPath(root, new byte[0]);
		Random random = new Random(1);
		for (String path : paths) {
			client.create().forPath(root + path, data(random));
		}
	}

	static long sequentialRead(CuratorFramework client, String path) throws Exception {
		long count = 1;
		client.getData().forPath(path);
		for (String child : client.getChildren().forPath(path)) {
			count += sequentialRead(client, path + "/" + child);
		}
		return count;
	}

	static long pipelinedRead(ZooKeeper zk, String root, boolean acls) throws Exception {
		Object lock = new Object();
		AtomicLong count = new AtomicLong();
		int[] inFlight = { 0 };
		java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>();
		queue.add(root);
		AsyncCallback.DataCallback dataCallback = (rc, path, ctx, data, stat) -> {
			count.incrementAndGet();
			synchronized (lock) {
				inFlight[0]--;
				lock.notifyAll();
			}
		};
		AsyncCallback.ACLCallback aclCallback = (rc, path, ctx, acl, stat) -> {
			synchronized (lock) {
				inFlight[0]--;
				lock.notifyAll();
			}
		};
		AsyncCallback.ChildrenCallback childrenCallback = (rc, path, ctx, children) -> {
			synchronized (lock) {
				for (String child : children) {
					queue.push(path + "/" + child);
				}
				inFlight[0]--;
				lock.notifyAll();
			}
		};
		synchronized (lock) {
			while (true) {
				while (!queue.isEmpty() && inFlight[0] < 2000) {
					String path = queue.pop();
					inFlight[0] += acls ? 3 : 2;
					zk.getData(path, false, dataCallback, null);
					if (acls) {
						zk.getACL(path, new org.apache.zookeeper.data.Stat(), aclCallback, null);
					}
					zk.getChildren(path, false, childrenCallback, null);
				}
				if (queue.isEmpty() && inFlight[0] == 0) {
					break;
				}
				lock.wait();
			}
		}
		return count.get();
	}

	static long batchedRead(ZooKeeper zk, List<String> paths, String root, int batch) throws Exception {
		Semaphore window = new Semaphore(2000);
		AtomicLong count = new AtomicLong();
		for (int i = 0; i < paths.size(); i += batch) {
			List<String> group = paths.subList(i, Math.min(paths.size(), i + batch));
			window.acquire(group.size() * 2);
			if (batch == 1) {
				zk.getData(root + group.get(0), false, (rc, path, ctx, data, stat) -> {
					count.incrementAndGet();
					window.release();
				}, null);
			}
			else {
				List<org.apache.zookeeper.Op> ops = new ArrayList<>();
				for (String path : group) {
					ops.add(org.apache.zookeeper.Op.getData(root + path));
				}
				zk.multi(ops, (rc, path, ctx, results) -> {
					count.addAndGet(results.size());
					window.release(results.size());
				}, null);
			}
			for (String path : group) {
				zk.getACL(root + path, new org.apache.zookeeper.data.Stat(), (rc, p, ctx, acl, stat) -> window.release(),
						null);
			}
		}
		window.acquire(2000);
		return count.get();
	}

	static void report(String what, long znodes, long start) {
		report(what, znodes, start, System.nanoTime());
	}

	static void report(String what, long znodes, long start, long end) {
		double seconds = (end - start) / 1e9;
		System.out.printf("%-92s %,9d znodes %7.2f s %,9.0f znodes/s%n", what, znodes, seconds, znodes / seconds);
	}

	static final AtomicLong peakHeap = new AtomicLong();

	static Thread startHeapSampler() {
		Thread thread = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				long used = 0;
				for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
					if (pool.getType() == MemoryType.HEAP) {
						used += pool.getUsage().getUsed();
					}
				}
				peakHeap.accumulateAndGet(used, Math::max);
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
