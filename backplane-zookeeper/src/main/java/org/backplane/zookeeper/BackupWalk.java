package org.backplane.zookeeper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.zookeeper.AsyncCallback.ACLCallback;
import org.apache.zookeeper.AsyncCallback.ChildrenCallback;
import org.apache.zookeeper.AsyncCallback.DataCallback;
import org.apache.zookeeper.AsyncCallback.MultiCallback;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * The backup walk: {@code getData} and {@code getACL} for every znode,
 * {@code getChildren} only for those whose stat says they have children, each entry
 * written to the archive from the callback, so a parent is always written before its
 * children. A znode deleted during the walk is simply absent; a node that existed
 * throughout is always found (its parent listed it); any other failure fails the walk.
 * <p>
 * With batched reads (ZooKeeper 3.6+), the {@code getData} of up to {@value #MAX_BATCH}
 * znodes taken one after another from the walk's stack (siblings, then cousins) go in one
 * {@code multi} read, which costs the server about as much as a single read: most of a
 * small read's cost is the request itself. Their {@code getACL}s follow one by one
 * (ZooKeeper has no batched ACL read). Each read of a batch counts against the read
 * window like a single read, so memory stays bounded as before. A batch's answer must fit
 * the 16 MiB the client accepts: batches are sized so that it would even if every znode
 * in it were as large as the largest known, and at least as large as ZooKeeper allows by
 * default (1 MiB).
 */
final class BackupWalk extends Walk implements DataCallback, ACLCallback, ChildrenCallback {

	/** The most siblings read in one {@code multi}. */
	static final int MAX_BATCH = 12;

	/**
	 * The largest answer a batch may get, judged by the largest znode known (or 1 MiB).
	 */
	static final long MAX_BATCH_ANSWER = 12L * 1024 * 1024;

	private final String root;

	private final ArchiveWriter writer;

	private final ZooKeeperProgress progress;

	private final boolean batchReads;

	long znodes;

	long dataBytes;

	long ephemerals;

	long vanished;

	long excluded;

	long batches;

	BackupWalk(ZooKeeper zk, ZnodePaths paths, String root, ArchiveWriter writer, ZooKeeperProgress progress,
			int maxInFlight, long maxBytesInFlight, long expectedLargestData, boolean batchReads) {
		super(zk, paths, maxInFlight, maxBytesInFlight, expectedLargestData);
		this.batchReads = batchReads;
		this.root = root;
		this.writer = writer;
		this.progress = progress;
	}

	@Override
	void visit(String path, Object context) {
		// ZooKeeper answers one session's requests in order, so the ACL's answer always
		// follows the data's
		Pending pending = new Pending();
		this.zk.getData(path, false, this, pending);
		issued();
		this.zk.getACL(path, new Stat(), this, pending);
		issued();
	}

	@Override
	int batchSize() {
		long largest = largestDataKnown();
		if (!this.batchReads || largest < 0) {
			// nothing known about the sizes yet: one by one until the first answer
			return 1;
		}
		long perRead = Math.max(largest, ZooKeeperBackup.ASSUMED_LARGEST_DATA);
		return (int) Math.max(1, Math.min(MAX_BATCH, MAX_BATCH_ANSWER / perRead));
	}

	@Override
	void visitBatch(List<String> paths, Object context) {
		if (paths.size() == 1) {
			visit(paths.get(0), context);
			return;
		}
		Pending[] batch = new Pending[paths.size()];
		List<Op> reads = new ArrayList<>(paths.size());
		for (int i = 0; i < batch.length; i++) {
			batch[i] = new Pending();
			batch[i].path = paths.get(i);
			reads.add(Op.getData(paths.get(i)));
		}
		this.zk.multi(reads, (MultiCallback) this::batchRead, batch);
		this.batches++;
		for (int i = 0; i < batch.length; i++) {
			issued();
		}
		// answered after the multi: ZooKeeper answers one session's requests in order
		for (int i = 0; i < batch.length; i++) {
			this.zk.getACL(paths.get(i), new Stat(), this, batch[i]);
			issued();
		}
	}

	private synchronized void batchRead(int rc, String path, Object ctx, List<OpResult> results) {
		Pending[] batch = (Pending[]) ctx;
		for (int i = 0; i < batch.length; i++) {
			completed();
		}
		try {
			if (failed()) {
				return;
			}
			if (results == null || results.size() != batch.length) {
				fail(ZnodePaths.failure(Code.get(rc), "reading", batch[0].path));
				return;
			}
			for (int i = 0; i < batch.length; i++) {
				OpResult result = results.get(i);
				if (result instanceof OpResult.GetDataResult read) {
					batch[i].data = read.getData();
					batch[i].stat = read.getStat();
					sawData((read.getData() != null) ? read.getData().length : 0);
				}
				else if (result instanceof OpResult.ErrorResult error) {
					Code code = Code.get(error.getErr());
					// deleted after its parent was listed: the ACL's answer counts it as
					// vanished
					if (code != Code.NONODE) {
						fail(ZnodePaths.failure(code, "reading", batch[i].path));
						return;
					}
				}
				else {
					fail(new IOException("Unexpected answer to a batched read of " + batch[i].path + ": " + result));
					return;
				}
			}
		}
		catch (Exception ex) {
			fail(unexpected(batch[0].path, ex));
		}
		finally {
			pump();
		}
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
				// deleted after its parent was listed: it did not exist throughout, so it
				// is rightly absent
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
			ACL masked = Znodes.maskedDigest(acl);
			if (masked != null) {
				fail(new ZooKeeperException(Code.NOAUTH, "ZooKeeper backup of " + this.root
						+ " failed: ZooKeeper hid the ACL of " + path + " (it answered digest:" + masked.getId().getId()
						+ " instead of the digest's hash, because this client lacks the ADMIN"
						+ " permission on that znode); an ACL backed up like this would lock its owner out once"
						+ " restored. Configure digest credentials (user:password) that hold ADMIN on those znodes",
						null));
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
			ListenerFailure.advance(this.progress, 1, length);
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
				// sorted so that archives of the same tree list the same siblings in the
				// same order
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

		String path;

		byte[] data;

		Stat stat;

	}

}
