package org.backplane.zookeeper;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Decides whether an ACL lets this client create children, and which temporary ACL to
 * give a znode that does not while its children are restored: all permissions for the
 * client's digest identity when it has one, else {@code world:anyone}.
 */
final class AclRules {

	private final String ownDigestId;

	private final List<ACL> temporaryAcl;

	AclRules(String digest) {
		if (digest == null || digest.isEmpty()) {
			this.ownDigestId = null;
			this.temporaryAcl = Ids.OPEN_ACL_UNSAFE;
		}
		else {
			try {
				this.ownDigestId = DigestAuthenticationProvider.generateDigest(digest);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA1 is not available", ex);
			}
			// mutable: ZooKeeper.create calls acl.contains(null), which immutable lists
			// reject
			this.temporaryAcl = new ArrayList<>(List.of(new ACL(Perms.ALL, new Id("digest", this.ownDigestId))));
		}
	}

	List<ACL> temporaryAcl() {
		return this.temporaryAcl;
	}

	boolean grantsCreate(List<ACL> acl) {
		for (ACL entry : acl) {
			if ((entry.getPerms() & Perms.CREATE) == 0) {
				continue;
			}
			String scheme = entry.getId().getScheme();
			if (scheme.equals("world") && entry.getId().getId().equals("anyone")) {
				return true;
			}
			if (scheme.equals("digest") && entry.getId().getId().equals(this.ownDigestId)) {
				return true;
			}
		}
		return false;
	}

}
