package org.backplane.zookeeper;

import java.util.List;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.server.EphemeralType;

/**
 * Reads a znode's kind from its stat's {@code ephemeralOwner} without depending on the
 * {@code zookeeper.extendedTypesEnabled} system property of this JVM (which
 * {@link EphemeralType#get} needs to tell TTL nodes from ephemeral ones).
 */
final class Znodes {

	private static final long EXTENDED_MASK = 0xff00000000000000L;

	private Znodes() {
	}

	static boolean isEphemeral(long ephemeralOwner) {
		return ephemeralOwner != 0 && ephemeralOwner != EphemeralType.CONTAINER_EPHEMERAL_OWNER
				&& (ephemeralOwner & EXTENDED_MASK) != EXTENDED_MASK;
	}

	static CreateMode mode(long ephemeralOwner) {
		if (ephemeralOwner == EphemeralType.CONTAINER_EPHEMERAL_OWNER) {
			return CreateMode.CONTAINER;
		}
		if (ephemeralOwner != 0 && (ephemeralOwner & EXTENDED_MASK) == EXTENDED_MASK) {
			return CreateMode.PERSISTENT_WITH_TTL;
		}
		return CreateMode.PERSISTENT;
	}

	static long ttl(long ephemeralOwner) {
		return (mode(ephemeralOwner) == CreateMode.PERSISTENT_WITH_TTL) ? EphemeralType.TTL.getValue(ephemeralOwner)
				: 0;
	}

	/**
	 * The first digest ACL entry whose hash ZooKeeper masked. ZooKeeper (3.4.14+, 3.5.5+)
	 * answers {@code getACL} to a client without the ADMIN permission on the znode with
	 * every digest id as {@code user:x}; a real digest id ends in a 28-character base64
	 * SHA-1, never in {@code x}.
	 * @param acl a znode's ACL as read
	 * @return the masked entry, or {@code null} if none is
	 */
	static ACL maskedDigest(List<ACL> acl) {
		for (ACL entry : acl) {
			if (entry.getId() != null && "digest".equals(entry.getId().getScheme()) && entry.getId().getId() != null
					&& entry.getId().getId().endsWith(":x")) {
				return entry;
			}
		}
		return null;
	}

}
