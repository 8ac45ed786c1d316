package org.backplane.zookeeper;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online backup of a ZooKeeper subtree into the tar format of {@link ZooKeeperArchive}. Nothing is stopped or
 * locked: the subtree is walked with ZooKeeper's asynchronous API, many reads in flight, and every znode is
 * written as soon as it is read, so memory stays bounded whatever the tree's size.
 * <p>
 * Each znode is consistent in itself (data, stat and ACL read together); the archive as a whole is not a
 * point-in-time snapshot. A znode created during the walk may be present or absent; a znode deleted during the
 * walk is absent; a znode that existed throughout is always present, or the backup fails. Ephemeral znodes,
 * excluded subtrees and {@code /zookeeper} are always left out.
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
	 * Counts what {@link #write} would copy, reading stats only (no data), one request per znode.
	 * @param client a started client
	 * @param path the subtree's root, e.g. {@code /marathon}
	 * @param excludes absolute paths of subtrees to leave out; may be {@code null} or empty
	 * @return the totals
	 * @throws ZooKeeperException if a request fails (message names the znode and cause), including when
	 * {@code path} does not exist
	 * @throws IOException if the client cannot be used
	 * @throws IllegalArgumentException if a path is invalid
	 */
	public static Census count(CuratorFramework client, String path, Collection<String> excludes) throws IOException {
		String root = ZnodePaths.normalize(path, "backup");
		ZnodePaths paths = ZnodePaths.excluding(excludes);
		checkRoot(root, paths);
		CountWalk walk = new CountWalk(ZooKeeperClients.zooKeeper(client), paths, root, DEFAULT_MAX_IN_FLIGHT);
		walk.run(root);
		return new Census(walk.znodes, walk.dataBytes, walk.largestData);
	}

	/**
	 * Writes the subtree at {@code path} to {@code out} as an uncompressed tar, with the default options.
	 * @param client a started client
	 * @param path the subtree's root, e.g. {@code /marathon}
	 * @param excludes absolute paths of subtrees to leave out; may be {@code null} or empty
	 * @param out where the tar goes; not closed
	 * @param progress told about every znode written; may be {@code null}
	 * @return what was written
	 * @throws ZooKeeperException if a read fails (connection lost, session expired, not authorized, root
	 * missing); the archive is then incomplete and must be discarded
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
	 * @throws ZooKeeperException if a read fails (connection lost, session expired, not authorized, root
	 * missing); the archive is then incomplete (it has no trailer) and must be discarded
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
		writer.text(ZooKeeperArchive.HEADER,
				ZooKeeperArchive.header(root, paths.excludes(), Instant.now().toString()));
		BackupWalk walk = new BackupWalk(zk, paths, root, writer, (progress != null) ? progress : ZooKeeperProgress.NONE,
				options.maxInFlight(), options.maxBytesInFlight(), options.expectedLargestData());
		walk.run(root);
		writer.text(ZooKeeperArchive.TRAILER, ZooKeeperArchive.trailer(walk.znodes, walk.dataBytes));
		writer.finish();
		Result result = new Result(walk.znodes, walk.dataBytes, walk.ephemerals, walk.excluded, walk.vanished);
		logger.debug("ZooKeeper backup written: path={} znodes={} dataBytes={} ephemeralsSkipped={} vanished={} ms={}",
				root, result.znodes(), result.dataBytes(), result.ephemeralsSkipped(), result.vanished(),
				(System.nanoTime() - start) / 1_000_000);
		return result;
	}

	private static void checkRoot(String root, ZnodePaths paths) {
		if (paths.isExcluded(root)) {
			throw new IllegalArgumentException("The backup path " + root + " is itself excluded");
		}
	}

	/**
	 * What to back up and how.
	 *
	 * @param path the subtree's root, an absolute znode path such as {@code /marathon} ({@code /} for all)
	 * @param excludes absolute paths of subtrees to leave out ({@code /zookeeper} always is)
	 * @param gzip whether to gzip the tar (fastest level); the reader detects it either way
	 * @param maxInFlight the most read requests outstanding at once (default 2,000)
	 * @param maxBytesInFlight the most data bytes outstanding at once, judged by the largest znode seen so far;
	 * bounds memory when znodes are large (default 64 MiB)
	 * @param expectedLargestData the largest data length expected (e.g. from {@link Census#largestData()}), so
	 * the window is right from the start; 0 if unknown
	 */
	public record Options(String path, List<String> excludes, boolean gzip, int maxInFlight, long maxBytesInFlight,
			int expectedLargestData) {

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
		 * Default options: uncompressed tar, 2,000 requests and 64 MiB in flight.
		 * @param path the subtree's root
		 * @param excludes subtrees to leave out; may be {@code null}
		 * @return the options
		 */
		public static Options of(String path, Collection<String> excludes) {
			return new Options(path, (excludes != null) ? List.copyOf(excludes) : List.of(), false, DEFAULT_MAX_IN_FLIGHT,
					DEFAULT_MAX_BYTES_IN_FLIGHT, 0);
		}

		/**
		 * @param gzip whether to gzip the tar
		 * @return a copy with that setting
		 */
		public Options withGzip(boolean gzip) {
			return new Options(this.path, this.excludes, gzip, this.maxInFlight, this.maxBytesInFlight,
					this.expectedLargestData);
		}

		/**
		 * @param maxInFlight the most read requests outstanding at once
		 * @return a copy with that setting
		 */
		public Options withMaxInFlight(int maxInFlight) {
			return new Options(this.path, this.excludes, this.gzip, maxInFlight, this.maxBytesInFlight,
					this.expectedLargestData);
		}

		/**
		 * @param expectedLargestData the largest data length expected
		 * @return a copy with that setting
		 */
		public Options withExpectedLargestData(int expectedLargestData) {
			return new Options(this.path, this.excludes, this.gzip, this.maxInFlight, this.maxBytesInFlight,
					expectedLargestData);
		}

	}

	/**
	 * Totals counted by {@link #count}.
	 *
	 * @param znodes how many znodes a backup would copy
	 * @param dataBytes their data bytes in total
	 * @param largestData the largest data length seen
	 */
	public record Census(long znodes, long dataBytes, int largestData) {

	}

	/**
	 * What {@link #write} wrote.
	 *
	 * @param znodes znodes written
	 * @param dataBytes their data bytes in total
	 * @param ephemeralsSkipped ephemeral znodes left out
	 * @param excludedSkipped excluded subtrees left out (counted once per subtree)
	 * @param vanished znodes listed by their parent but deleted before they could be read
	 */
	public record Result(long znodes, long dataBytes, long ephemeralsSkipped, long excludedSkipped, long vanished) {

	}

}
