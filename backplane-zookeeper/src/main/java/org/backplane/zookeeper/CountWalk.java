package org.backplane.zookeeper;

import java.util.List;

import org.apache.zookeeper.AsyncCallback.Children2Callback;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The counting walk: one {@code getChildren} (with the node's stat) per znode, no data
 * read. Counts what a backup would copy: excluded subtrees and ephemeral znodes are left
 * out.
 */
final class CountWalk extends Walk implements Children2Callback {

	private final String root;

	long znodes;

	long dataBytes;

	int largestData;

	CountWalk(ZooKeeper zk, ZnodePaths paths, String root, int maxInFlight) {
		super(zk, paths, maxInFlight, Long.MAX_VALUE, 0);
		this.root = root;
	}

	@Override
	void visit(String path, Object context) {
		this.zk.getChildren(path, false, this, null);
		issued();
	}

	@Override
	public synchronized void processResult(int rc, String path, Object ctx, List<String> children, Stat stat) {
		completed();
		try {
			if (failed()) {
				return;
			}
			Code code = Code.get(rc);
			if (code == Code.OK) {
				if (Znodes.isEphemeral(stat.getEphemeralOwner())) {
					return;
				}
				this.znodes++;
				this.dataBytes += stat.getDataLength();
				this.largestData = Math.max(this.largestData, stat.getDataLength());
				pushChildren(path, children, null);
			}
			else if (code != Code.NONODE || path.equals(this.root)) {
				fail(ZnodePaths.failure(code, "counting", path));
			}
		}
		catch (Exception ex) {
			fail(unexpected(path, ex));
		}
		finally {
			pump();
		}
	}

}
