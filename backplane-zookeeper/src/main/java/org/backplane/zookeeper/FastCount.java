package org.backplane.zookeeper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The fast count: ZooKeeper's {@code getAllChildrenNumber} (3.6+; one request answers how
 * many znodes lie below a path) for the root and for each excluded subtree inside it, so
 * a handful of requests instead of one per znode. It cannot tell ephemeral znodes apart
 * (ZooKeeper's {@code getEphemerals} only lists the asking session's own), nor sum data
 * bytes: ephemerals outside the excluded subtrees are counted, so the total is an upper
 * bound of what a backup of an unchanging tree writes, equal to it when no ephemeral
 * lives outside the excludes.
 */
final class FastCount {

	private FastCount() {
	}

	/**
	 * What {@link #count} answers when an excluded subtree may not be read (not
	 * authorized).
	 */
	static final long UNAVAILABLE = -1;

	/**
	 * What {@link #count} answers when the server predates ZooKeeper 3.6: it answered
	 * {@code UNIMPLEMENTED} and drops the connection ({@link Reconnection}).
	 */
	static final long UNSUPPORTED = -2;

	/**
	 * Counts the znodes below and including {@code root}, less the excluded subtrees.
	 * @param zk the client
	 * @param paths the excludes
	 * @param root the subtree's root, not excluded
	 * @return the znodes (0 when the root is ephemeral: a backup of it fails),
	 * {@link #UNSUPPORTED} when the server predates ZooKeeper 3.6, or
	 * {@link #UNAVAILABLE} when an excluded subtree may not be read
	 * @throws ZooKeeperException if another request fails, including when the root does
	 * not exist
	 * @throws InterruptedIOException if interrupted
	 */
	static long count(ZooKeeper zk, ZnodePaths paths, String root) throws IOException {
		try {
			Stat stat = call(root, () -> zk.exists(root, false));
			if (stat == null) {
				throw ZnodePaths.failure(Code.NONODE, "counting", root);
			}
			if (Znodes.isEphemeral(stat.getEphemeralOwner())) {
				return 0;
			}
			long znodes = 1 + call(root, () -> zk.getAllChildrenNumber(root));
			for (String exclude : outermostBelow(paths, root)) {
				try {
					znodes -= 1 + call(exclude, () -> zk.getAllChildrenNumber(exclude));
				}
				catch (ZooKeeperException ex) {
					if (ex.code() == Code.NOAUTH) {
						return UNAVAILABLE;
					}
					if (ex.code() != Code.NONODE) {
						throw ex;
					}
				}
			}
			return znodes;
		}
		catch (KeeperException.UnimplementedException ex) {
			return UNSUPPORTED;
		}
	}

	/**
	 * The excluded paths strictly below {@code root} that no other exclude covers, so
	 * that no subtree is taken away twice.
	 * @param paths the excludes
	 * @param root the subtree's root
	 * @return the outermost excluded paths strictly below {@code root}, in the order of
	 * {@link ZnodePaths#excludes()}
	 */
	static List<String> outermostBelow(ZnodePaths paths, String root) {
		List<String> outermost = new ArrayList<>();
		for (String exclude : paths.excludes()) {
			if (exclude.equals(root) || !ZnodePaths.covers(root, exclude)) {
				continue;
			}
			boolean covered = false;
			for (String other : paths.excludes()) {
				if (!other.equals(exclude) && ZnodePaths.covers(other, exclude)) {
					covered = true;
					break;
				}
			}
			if (!covered) {
				outermost.add(exclude);
			}
		}
		return outermost;
	}

	private static <T> T call(String path, Request<T> request)
			throws KeeperException.UnimplementedException, IOException {
		try {
			return request.call();
		}
		catch (KeeperException.UnimplementedException ex) {
			throw ex;
		}
		catch (KeeperException ex) {
			throw ZnodePaths.failure(ex.code(), "counting", path);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while counting " + path);
		}
	}

	@FunctionalInterface
	private interface Request<T> {

		T call() throws KeeperException, InterruptedException;

	}

}
