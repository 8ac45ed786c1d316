package org.backplane.zookeeper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online backup of a ZooKeeper subtree into the tar format of {@link ZooKeeperArchive}.
 * Nothing is stopped or locked: the subtree is walked with ZooKeeper's asynchronous API,
 * many reads in flight, and every znode is written as soon as it is read, so memory stays
 * bounded whatever the tree's size.
 * <p>
 * Each znode is consistent in itself (data, stat and ACL read together); the archive as a
 * whole is not a point-in-time snapshot. A znode created during the walk may be present
 * or absent; a znode deleted during the walk is absent; a znode that existed throughout
 * is always present, or the backup fails. Ephemeral znodes, excluded subtrees and
 * {@code /zookeeper} are always left out.
 */
public final class ZooKeeperBackup {

	/** The default number of requests in flight. */
	public static final int DEFAULT_MAX_IN_FLIGHT = 2000;

	/** The default bound on the data of the reads in flight. */
	public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 64L * 1024 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(ZooKeeperBackup.class);

	private ZooKeeperBackup() {
	}

	/**
	 * ZooKeeper's default limit on a znode's data ({@code jute.maxbuffer}, 1 MiB): the
	 * size assumed for reads whose answer has not come yet when nothing is known about
	 * the tree's znodes.
	 */
	public static final int ASSUMED_LARGEST_DATA = 1024 * 1024;

	/** A {@link Census} value that the count could not learn. */
	public static final long UNKNOWN = -1;

	/**
	 * Counts what {@link #write} would copy exactly ({@link CountMode#EXACT}).
	 * @param client a started client
	 * @param path the subtree's root, e.g. {@code /marathon}
	 * @param excludes absolute paths of subtrees to leave out; may be {@code null} or
	 * empty
	 * @return the totals
	 * @throws ZooKeeperException if a request fails (message names the znode and cause),
	 * including when {@code path} does not exist
	 * @throws IOException if the client cannot be used
	 * @throws IllegalArgumentException if a path is invalid
	 */
	public static Census count(CuratorFramework client, String path, Collection<String> excludes) throws IOException {
		return count(client, path, excludes, CountMode.EXACT);
	}

	/**
	 * Counts what {@link #write} would copy, the fast way (a few requests, znodes only)
	 * or the exact way (one request per znode, with data sizes). A fast count falls back
	 * to the exact one when the server cannot count fast (ZooKeeper before 3.6, or an
	 * excluded subtree we may not read).
	 * @param client a started client
	 * @param path the subtree's root, e.g. {@code /marathon}
	 * @param excludes absolute paths of subtrees to leave out; may be {@code null} or
	 * empty
	 * @param mode how to count
	 * @return the totals; {@link Census#exact()} tells which way they were counted
	 * @throws ZooKeeperException if a request fails (message names the znode and cause),
	 * including when {@code path} does not exist
	 * @throws IOException if the client cannot be used
	 * @throws IllegalArgumentException if a path is invalid
	 */
	public static Census count(CuratorFramework client, String path, Collection<String> excludes, CountMode mode)
			throws IOException {
		Objects.requireNonNull(mode, "mode");
		String root = ZnodePaths.normalize(path, "backup");
		ZnodePaths paths = ZnodePaths.excluding(excludes);
		checkRoot(root, paths);
		if (mode == CountMode.FAST) {
			long znodes;
			try (Reconnection reconnection = Reconnection.watch(client)) {
				znodes = FastCount.count(ZooKeeperClients.zooKeeper(client), paths, root);
				if (znodes == FastCount.UNSUPPORTED) {
					reconnection.await();
				}
			}
			if (znodes >= 0) {
				return new Census(znodes, UNKNOWN, (int) UNKNOWN, false);
			}
			logger.info("ZooKeeper fast count unavailable (server before 3.6, or an excluded subtree is not readable), "
					+ "counting znode by znode: path={}", root);
		}
		// after a refused fast count the client has reconnected (Reconnection): the walk
		// does not meet the drop
		CountWalk walk = new CountWalk(ZooKeeperClients.zooKeeper(client), paths, root, DEFAULT_MAX_IN_FLIGHT);
		walk.run(root);
		return new Census(walk.znodes, walk.dataBytes, walk.largestData, true);
	}

	/**
	 * Writes the subtree at {@code path} to {@code out} as an uncompressed tar, with the
	 * default options.
	 * @param client a started client
	 * @param path the subtree's root, e.g. {@code /marathon}
	 * @param excludes absolute paths of subtrees to leave out; may be {@code null} or
	 * empty
	 * @param out where the tar goes; not closed
	 * @param progress told about every znode written; may be {@code null}
	 * @return what was written
	 * @throws ZooKeeperException if a read fails (connection lost, session expired, not
	 * authorized, root missing); the archive is then incomplete and must be discarded
	 * @throws IOException if {@code out} fails
	 */
	public static Result write(CuratorFramework client, String path, Collection<String> excludes, OutputStream out,
			ZooKeeperProgress progress) throws IOException {
		return write(client, Options.of(path, excludes), out, progress);
	}

	/**
	 * Writes a subtree to {@code out} as a tar, gzip-compressed if the options say so.
	 * @param client a started client
	 * @param options what to back up and how
	 * @param out where the tar goes; not closed
	 * @param progress told about every znode written; may be {@code null}
	 * @return what was written
	 * @throws ZooKeeperException if a read fails (connection lost, session expired, not
	 * authorized, root missing); the archive is then incomplete (it has no trailer) and
	 * must be discarded
	 * @throws IOException if {@code out} fails
	 */
	public static Result write(CuratorFramework client, Options options, OutputStream out, ZooKeeperProgress progress)
			throws IOException {
		Objects.requireNonNull(out, "out");
		String root = options.path();
		ZnodePaths paths = ZnodePaths.excluding(options.excludes());
		checkRoot(root, paths);
		ZooKeeper zk = ZooKeeperClients.zooKeeper(client);
		long start = System.nanoTime();
		ArchiveWriter writer = new ArchiveWriter(out, options.gzip());
		writer.text(ZooKeeperArchive.HEADER, ZooKeeperArchive.header(root, paths.excludes(), Instant.now().toString()));
		boolean batchReads = options.batchReads() && supportsBatchedReads(client, root);
		zk = ZooKeeperClients.zooKeeper(client);
		BackupWalk walk = new BackupWalk(zk, paths, root, writer,
				(progress != null) ? progress : ZooKeeperProgress.NONE, options.maxInFlight(),
				options.maxBytesInFlight(), options.expectedLargestData(), batchReads);
		walk.run(root);
		writer.text(ZooKeeperArchive.TRAILER, ZooKeeperArchive.trailer(walk.znodes, walk.dataBytes));
		writer.finish();
		Result result = new Result(walk.znodes, walk.dataBytes, walk.ephemerals, walk.excluded, walk.vanished,
				walk.largestDataRead(), walk.batches);
		logger.debug(
				"ZooKeeper backup written: path={} znodes={} dataBytes={} ephemeralsSkipped={} vanished={} "
						+ "batchedReads={} ms={}",
				root, result.znodes(), result.dataBytes(), result.ephemeralsSkipped(), result.vanished(),
				result.batchedReads(), (System.nanoTime() - start) / 1_000_000);
		return result;
	}

	/**
	 * Asks the server for one batched read ({@code multi} of {@code getData}, ZooKeeper
	 * 3.6+). An older server answers {@code UNIMPLEMENTED} and drops the connection; this
	 * waits until the client has reconnected to the same session ({@link Reconnection}).
	 * @param client the client, connected
	 * @param root the backup's root, which the probe reads
	 * @return whether the server answered the batched read
	 * @throws ZooKeeperException if the probe fails otherwise
	 * @throws InterruptedIOException if interrupted
	 */
	private static boolean supportsBatchedReads(CuratorFramework client, String root) throws IOException {
		try (Reconnection reconnection = Reconnection.watch(client)) {
			try {
				ZooKeeperClients.zooKeeper(client).multi(List.of(Op.getData(root)));
				return true;
			}
			catch (KeeperException.UnimplementedException ex) {
				logger.info("ZooKeeper server before 3.6: reading znode by znode: path={}", root);
				reconnection.await();
				return false;
			}
		}
		catch (KeeperException ex) {
			throw ZnodePaths.failure(ex.code(), "reading", root);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while reading " + root);
		}
	}

	private static void checkRoot(String root, ZnodePaths paths) {
		if (paths.isExcluded(root)) {
			throw new IllegalArgumentException("The backup path " + root + " is itself excluded");
		}
	}

	/**
	 * What to back up and how.
	 *
	 * @param path the subtree's root, an absolute znode path such as {@code /marathon}
	 * ({@code /} for all)
	 * @param excludes absolute paths of subtrees to leave out ({@code /zookeeper} always
	 * is)
	 * @param gzip whether to gzip the tar (fastest level); the reader detects it either
	 * way
	 * @param maxInFlight the most read requests outstanding at once (default 2,000)
	 * @param maxBytesInFlight the most data bytes outstanding at once, judged by the
	 * largest znode seen so far; bounds memory when znodes are large (default 64 MiB)
	 * @param expectedLargestData the largest data length expected (e.g. from an exact
	 * {@link Census#largestData()}, or the last backup's {@link Result#largestData()}),
	 * so the window is right from the start; 0 if unknown: then the first reads assume
	 * {@link #ASSUMED_LARGEST_DATA}, and later ones the largest znode read so far
	 * @param batchReads whether the data of up to 12 siblings is read in one
	 * {@code multi} read (ZooKeeper 3.6+, true by default; an older server is detected
	 * and read znode by znode): most of a small read's cost on the server is the request
	 * itself, so this nearly halves the requests of a backup
	 */
	public record Options(String path, List<String> excludes, boolean gzip, int maxInFlight, long maxBytesInFlight,
			int expectedLargestData, boolean batchReads) {

		public Options {
			path = ZnodePaths.normalize(path, "backup");
			excludes = (excludes != null) ? List.copyOf(excludes) : List.of();
			if (maxInFlight < 1) {
				throw new IllegalArgumentException("maxInFlight must be at least 1");
			}
			if (maxBytesInFlight < 1) {
				throw new IllegalArgumentException("maxBytesInFlight must be at least 1");
			}
		}

		/**
		 * Default options: uncompressed tar, 2,000 requests and 64 MiB in flight, batched
		 * reads.
		 * @param path the subtree's root
		 * @param excludes subtrees to leave out; may be {@code null}
		 * @return the options
		 */
		public static Options of(String path, Collection<String> excludes) {
			return new Options(path, (excludes != null) ? List.copyOf(excludes) : List.of(), false,
					DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_BYTES_IN_FLIGHT, 0, true);
		}

		/**
		 * @param gzip whether to gzip the tar
		 * @return a copy with that setting
		 */
		public Options withGzip(boolean gzip) {
			return new Options(this.path, this.excludes, gzip, this.maxInFlight, this.maxBytesInFlight,
					this.expectedLargestData, this.batchReads);
		}

		/**
		 * @param maxInFlight the most read requests outstanding at once
		 * @return a copy with that setting
		 */
		public Options withMaxInFlight(int maxInFlight) {
			return new Options(this.path, this.excludes, this.gzip, maxInFlight, this.maxBytesInFlight,
					this.expectedLargestData, this.batchReads);
		}

		/**
		 * @param batchReads whether to read the data of siblings in batches (one
		 * {@code multi} read each, ZooKeeper 3.6+; older servers are detected and read
		 * one by one)
		 * @return a copy with that setting
		 */
		public Options withBatchReads(boolean batchReads) {
			return new Options(this.path, this.excludes, this.gzip, this.maxInFlight, this.maxBytesInFlight,
					this.expectedLargestData, batchReads);
		}

		/**
		 * @param expectedLargestData the largest data length expected
		 * @return a copy with that setting
		 */
		public Options withExpectedLargestData(int expectedLargestData) {
			return new Options(this.path, this.excludes, this.gzip, this.maxInFlight, this.maxBytesInFlight,
					expectedLargestData, this.batchReads);
		}

	}

	/**
	 * How {@link #count} counts.
	 */
	public enum CountMode {

		/**
		 * A few requests whatever the tree's size ({@code getAllChildrenNumber} of the
		 * root and of each excluded subtree, ZooKeeper 3.6+): znodes only, no data sizes,
		 * and ephemeral znodes outside the excluded subtrees are counted too (ZooKeeper
		 * offers no cheap way to find other sessions' ephemerals), so the total is an
		 * upper bound, exact when no ephemeral lives outside the excludes. Falls back to
		 * {@link #EXACT} on older servers.
		 */
		FAST,

		/**
		 * One request per znode (its children and stat): exactly the znodes and data
		 * bytes a backup of an unchanging tree writes, and its largest znode, which sizes
		 * the backup's read window from the start.
		 */
		EXACT

	}

	/**
	 * Totals counted by {@link #count}.
	 *
	 * @param znodes how many znodes a backup would copy (an upper bound when not
	 * {@code exact}: see {@link CountMode#FAST})
	 * @param dataBytes their data bytes in total, or {@link #UNKNOWN}
	 * @param largestData the largest data length seen, or {@link #UNKNOWN}
	 * @param exact whether every znode was visited ({@link CountMode#EXACT}, or its
	 * fallback): then the data bytes and the largest data length are known
	 */
	public record Census(long znodes, long dataBytes, int largestData, boolean exact) {

	}

	/**
	 * What {@link #write} wrote.
	 *
	 * @param znodes znodes written
	 * @param dataBytes their data bytes in total
	 * @param ephemeralsSkipped ephemeral znodes left out
	 * @param excludedSkipped excluded subtrees left out (counted once per subtree)
	 * @param vanished znodes listed by their parent but deleted before they could be read
	 * @param largestData the largest data length read, for sizing the next backup's read
	 * window
	 * @param batchedReads how many batched reads ({@code multi} of several
	 * {@code getData}) were sent
	 */
	public record Result(long znodes, long dataBytes, long ephemeralsSkipped, long excludedSkipped, long vanished,
			int largestData, long batchedReads) {

	}

}
