package org.backplane.zookeeper;

import org.apache.zookeeper.CreateMode;
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

}
