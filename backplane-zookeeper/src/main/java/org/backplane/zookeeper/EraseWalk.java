package org.backplane.zookeeper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.zookeeper.AsyncCallback.ACLCallback;
import org.apache.zookeeper.AsyncCallback.Children2Callback;
import org.apache.zookeeper.AsyncCallback.StatCallback;
import org.apache.zookeeper.AsyncCallback.VoidCallback;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * Deletes a subtree with pipelined requests, children before parents, leaving alone
 * excluded subtrees, ephemeral znodes and every ancestor of those (which cannot be
 * deleted while they have children). A znode is deleted once all its children are gone;
 * ZooKeeper applies one session's requests in order, so the parent's delete may be sent
 * right after its children's.
 */
final class EraseWalk extends Walk implements Children2Callback, VoidCallback, StatCallback {

	private final AclRules rules;

	/**
	 * Kept znodes whose ACL denies us the create permission, with that ACL: they get a
	 * temporary ACL so that the restore can create their children, and get their own (or
	 * the archive's) ACL back at the end.
	 */
	final Map<String, List<ACL>> opened = new HashMap<>();

	/**
	 * Znodes kept that are neither excluded nor ephemeral (ancestors of kept ones, and
	 * {@code /}).
	 */
	long kept;

	/**
	 * The paths of those kept znodes (few: ancestors of excluded and ephemeral znodes).
	 */
	final java.util.Set<String> keptPaths = new java.util.HashSet<>();

	long deleted;

	EraseWalk(ZooKeeper zk, ZnodePaths paths, AclRules rules, int maxInFlight) {
		super(zk, paths, maxInFlight, Long.MAX_VALUE, 0);
		this.rules = rules;
	}

	@Override
	void visit(String path, Object context) {
		this.zk.getChildren(path, false, this, new Node(path, (Node) context));
		issued();
	}

	@Override
	void excluded(String path, Object context) {
		Node parent = (Node) context;
		parent.keep = true;
		childDone(parent);
	}

	@Override
	public synchronized void processResult(int rc, String path, Object ctx, List<String> children, Stat stat) {
		completed();
		Node node = (Node) ctx;
		try {
			if (failed()) {
				return;
			}
			Code code = Code.get(rc);
			if (code == Code.NONODE) {
				childDone(node.parent);
			}
			else if (code != Code.OK) {
				fail(ZnodePaths.failure(code, "listing (to delete) the children of", path));
			}
			else if (Znodes.isEphemeral(stat.getEphemeralOwner())) {
				if (node.parent != null) {
					node.parent.keep = true;
				}
				childDone(node.parent);
			}
			else if (children.isEmpty()) {
				finish(node);
			}
			else {
				node.pending = children.size();
				pushChildren(path, children, node);
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
	public synchronized void processResult(int rc, String path, Object ctx) {
		completed();
		Node node = (Node) ctx;
		try {
			if (failed()) {
				return;
			}
			Code code = Code.get(rc);
			if (code == Code.OK || code == Code.NONODE) {
				this.deleted++;
				childDone(node.parent);
			}
			else {
				fail(ZnodePaths.failure(code, "deleting", path));
			}
		}
		catch (Exception ex) {
			fail(unexpected(path, ex));
		}
		finally {
			pump();
		}
	}

	private void finish(Node node) {
		if (node.keep || node.path.equals("/")) {
			this.kept++;
			this.keptPaths.add(node.path);
			this.zk.getACL(node.path, new Stat(), (ACLCallback) (rc, path, ctx, acl, stat) -> aclRead(rc, path, acl),
					null);
			issued();
			if (node.parent != null) {
				node.parent.keep = true;
			}
			childDone(node.parent);
		}
		else {
			this.zk.delete(node.path, -1, this, node);
			issued();
		}
	}

	private synchronized void aclRead(int rc, String path, List<ACL> acl) {
		completed();
		try {
			Code code = Code.get(rc);
			if (failed() || code == Code.NONODE) {
				return;
			}
			if (code != Code.OK) {
				fail(ZnodePaths.failure(code, "reading the ACL of", path));
			}
			else if (!this.rules.grantsCreate(acl)) {
				this.opened.put(path, acl);
				this.zk.setACL(path, this.rules.temporaryAcl(), -1, (StatCallback) this, path);
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
	public synchronized void processResult(int rc, String path, Object ctx, Stat stat) {
		completed();
		try {
			Code code = Code.get(rc);
			if (!failed() && code != Code.OK && code != Code.NONODE) {
				fail(ZnodePaths.failure(code, "opening the ACL (for the restore) of", path));
			}
		}
		finally {
			pump();
		}
	}

	private void childDone(Node parent) {
		if (parent != null && --parent.pending == 0) {
			finish(parent);
		}
	}

	private static final class Node {

		final String path;

		final Node parent;

		int pending;

		boolean keep;

		Node(String path, Node parent) {
			this.path = path;
			this.parent = parent;
		}

	}

}
