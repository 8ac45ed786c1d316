/**
 * Online backup and restore of ZooKeeper subtrees, and the tar format that carries them.
 * Shared by the Backplane service (source type {@code zookeeper}) and the
 * {@code dcos-backup zk} CLI, so that an artifact made by one restores with the other.
 * <p>
 * Entry points: {@link org.backplane.zookeeper.ZooKeeperClients} (connect),
 * {@link org.backplane.zookeeper.ZooKeeperBackup} (count and write) and
 * {@link org.backplane.zookeeper.ZooKeeperRestore} (check and read). The format is
 * described in {@link org.backplane.zookeeper.ZooKeeperArchive} and in
 * {@code docs/storage-layout.md}.
 */
package org.backplane.zookeeper;
