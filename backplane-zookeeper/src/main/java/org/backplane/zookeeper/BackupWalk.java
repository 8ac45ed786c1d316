package org.backplane.zookeeper;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import org.apache.zookeeper.AsyncCallback.ACLCallback;
import org.apache.zookeeper.AsyncCallback.ChildrenCallback;
import org.apache.zookeeper.AsyncCallback.DataCallback;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * The backup walk: {@code getData} and {@code getACL} for every znode, {@code getChildren} only for those whose stat says they
 * have children, each entry written to the archive from the callback, so a parent is always written before its
 * children. A znode deleted during the walk is simply absent; a node that existed throughout is always found
 * (its parent listed it); any other failure fails the walk.
 */
final class BackupWalk extends Walk implements DataCallback, ACLCallback, ChildrenCallback {

	private final String root;

	private final ArchiveWriter writer;

	private final ZooKeeperProgress progress;

	long znodes;

	long dataBytes;

	long ephemerals;

	long vanished;

	long excluded;

	BackupWalk(ZooKeeper zk, ZnodePaths paths, String root, ArchiveWriter writer, ZooKeeperProgress progress,
			int maxInFlight, long maxBytesInFlight, long expectedLargestData) {
		super(zk, paths, maxInFlight, maxBytesInFlight, expectedLargestData);
		this.root = root;
		this.writer = writer;
		this.progress = progress;
	}

	@Override
	void visit(String path, Object context) {
		// ZooKeeper answers one session's requests in order, so the ACL's answer always follows the data's
		Pending pending = new Pending();
		this.zk.getData(path, false, this, pending);
		issued();
		this.zk.getACL(path, new Stat(), this, pending);
		issued();
	}

	@Override
	void excluded(String path, Object context) {
		this.excluded++;
	}

	@Override
	public synchronized void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
		completed();
		Pending pending = (Pending) ctx;
		try {
			if (failed()) {
				return;
			}
			Code code = Code.get(rc);
			if (code == Code.OK) {
				pending.data = data;
				pending.stat = stat;
				sawData((data != null) ? data.length : 0);
			}
			else if (code != Code.NONODE || path.equals(this.root)) {
				fail(ZnodePaths.failure(code, "reading", path));
			}
		}
		catch (Exception ex) {
			fail(unexpected(path, ex));
		}
		finally {
			pump();
		}
	}

	@Override
	public synchronized void processResult(int rc, String path, Object ctx, List<ACL> acl, Stat aclStat) {
		completed();
		Pending pending = (Pending) ctx;
		try {
			if (failed()) {
				return;
			}
			Code code = Code.get(rc);
			Stat stat = pending.stat;
			if (code == Code.NONODE || (code == Code.OK && stat == null)) {
				// deleted after its parent was listed: it did not exist throughout, so it is rightly absent
				this.vanished++;
				return;
			}
			if (code != Code.OK) {
				fail(ZnodePaths.failure(code, "reading the ACL of", path));
				return;
			}
			long ephemeralOwner = stat.getEphemeralOwner();
			if (Znodes.isEphemeral(ephemeralOwner)) {
				if (path.equals(this.root)) {
					fail(new IOException("ZooKeeper backup of " + path + " failed: the root is an ephemeral znode"));
				}
				this.ephemerals++;
				return;
			}
			byte[] data = pending.data;
			int length = (data != null) ? data.length : 0;
			ZnodeRecord node = new ZnodeRecord(ZnodePaths.relative(this.root, path), path, Znodes.mode(ephemeralOwner),
					Znodes.ttl(ephemeralOwner), acl, data != null, length, stat);
			pending.data = null;
			this.writer.znode(node, data);
			this.znodes++;
			this.dataBytes += length;
			this.progress.advance(1, length);
			if (stat.getNumChildren() > 0) {
				this.zk.getChildren(path, false, (ChildrenCallback) this, null);
				issued();
			}
		}
		catch (Exception ex) {
			fail(unexpected(path, ex));
		}
		finally {
			pump();
		}
	}

	@Override
	public synchronized void processResult(int rc, String path, Object ctx, List<String> children) {
		completed();
		try {
			if (failed()) {
				return;
			}
			Code code = Code.get(rc);
			if (code == Code.OK) {
				// sorted so that archives of the same tree list the same siblings in the same order
				Collections.sort(children);
				pushChildren(path, children, null);
			}
			else if (code != Code.NONODE) {
				fail(ZnodePaths.failure(code, "listing the children of", path));
			}
		}
		catch (Exception ex) {
			fail(unexpected(path, ex));
		}
		finally {
			pump();
		}
	}

	private static final class Pending {

		byte[] data;

		Stat stat;

	}

}
