package org.backplane.zookeeper;

/**
 * What a restore does when its target subtree already holds data.
 */
public enum ZooKeeperRestorePolicy {

	/**
	 * Refuse when the target root exists and holds data: non-empty data of its own, or
	 * any child that is neither excluded nor ephemeral.
	 */
	FAIL_IF_EXISTS,

	/**
	 * Delete the target subtree first (excluded subtrees and ephemeral nodes are left
	 * alone, and so are their ancestors, whose data and ACL are then set from the
	 * backup), then recreate every znode.
	 */
	OVERWRITE

}
