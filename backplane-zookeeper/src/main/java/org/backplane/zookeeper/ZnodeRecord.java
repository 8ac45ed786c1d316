package org.backplane.zookeeper;

import java.util.List;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * One znode as carried by the archive: where it sits relative to the backup root, how to
 * recreate it, and the stat it had when read (informational except where noted).
 *
 * @param relativePath path below the backup root, components joined by {@code /}; empty
 * for the root itself
 * @param sourcePath the absolute path the znode had when backed up
 * @param mode how to create it: {@link CreateMode#PERSISTENT},
 * {@link CreateMode#CONTAINER} or {@link CreateMode#PERSISTENT_WITH_TTL}
 * @param ttl the time to live in milliseconds for TTL nodes, else 0
 * @param acl the node's ACL, in order
 * @param hasData whether the node had data; {@code false} means {@code null} data, as
 * opposed to empty
 * @param dataLength the data's length in bytes (0 when there is none)
 * @param stat the stat read with the data
 */
record ZnodeRecord(String relativePath, String sourcePath, CreateMode mode, long ttl, List<ACL> acl, boolean hasData,
		int dataLength, Stat stat) {

}
