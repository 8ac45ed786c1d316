package org.backplane.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Builds a random tree: a random recursive tree (each node's parent picked uniformly
 * among earlier nodes) plus a chain of depth 12; names with unicode, spaces, punctuation,
 * leading dots, the archive's own file names and 150-character names; data empty, null,
 * binary up to 300 bytes, and a few of 1,000,000 bytes; custom ACLs (some deny us the
 * create permission on nodes with children); container and TTL nodes. Created with
 * pipelined async requests.
 */
final class RandomTree {

	static final int MEGABYTE_DATA = 1_000_000;

	private static final String[] NAMES = { "app", "日本語", "Ωmega", "ü ä ö", "sp ace", "colon:x", "at@", "pct%41",
			"hash#", "back\\slash", "quote'\"", ".hidden", "..dots", "☃snow", "a".repeat(150), "tab-less", "-dash",
			"UPPER", "zk" };

	final List<String> paths = new ArrayList<>();

	private final List<Spec> specs = new ArrayList<>();

	private final List<Spec> restrictedAcls = new ArrayList<>();

	static RandomTree build(ZooKeeper zk, String root, long seed, int size) throws Exception {
		RandomTree tree = new RandomTree();
		tree.generate(root, new Random(seed), size);
		tree.create(zk);
		return tree;
	}

	private void generate(String root, Random random, int size) throws Exception {
		String ownId = DigestAuthenticationProvider.generateDigest(TestZooKeeper.DIGEST);
		List<ACL> readOnlyForOthers = List.of(new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE),
				new ACL(Perms.ALL, new Id("digest", ownId)));
		List<ACL> noCreateForUs = List.of(
				new ACL(Perms.READ | Perms.DELETE | Perms.WRITE | Perms.ADMIN, new Id("digest", ownId)),
				new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE));
		List<ACL> onlyUs = List.of(new ACL(Perms.ALL, new Id("digest", ownId)));
		List<String> created = new ArrayList<>();
		List<int[]> childCounts = new ArrayList<>();
		List<Spec> draft = new ArrayList<>();
		draft.add(new Spec(root, "root".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, true));
		created.add(root);
		childCounts.add(new int[1]);
		String chain = root;
		for (int depth = 0; depth < 12; depth++) {
			chain = chain + "/level" + depth;
			draft.add(new Spec(chain, new byte[] { (byte) depth }, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
					depth < 11));
			created.add(chain);
			childCounts.add(new int[1]);
		}
		for (String exact : new String[] { ".meta", ".data", "...", "znodes", "zookeeper" }) {
			draft
				.add(new Spec(root + "/" + exact, exact.getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, false));
			created.add(root + "/" + exact);
			childCounts.add(new int[1]);
		}
		int megabytes = 0;
		for (int i = 0; draft.size() < size; i++) {
			int parentIndex = random.nextInt(created.size());
			String parent = created.get(parentIndex);
			childCounts.get(parentIndex)[0]++;
			String path = parent + "/" + NAMES[random.nextInt(NAMES.length)] + "-" + i;
			byte[] data;
			int kind = random.nextInt(100);
			if (kind < 25) {
				data = new byte[0];
			}
			else if (kind < 35) {
				data = null;
			}
			else if (kind == 99 && megabytes < 3) {
				megabytes++;
				data = new byte[MEGABYTE_DATA];
				random.nextBytes(data);
			}
			else {
				data = new byte[1 + random.nextInt(300)];
				random.nextBytes(data);
			}
			draft.add(new Spec(path, data, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, false));
			created.add(path);
			childCounts.add(new int[1]);
		}
		// a 1 MB node for sure, a TTL node and a container holding a child
		byte[] big = new byte[MEGABYTE_DATA];
		random.nextBytes(big);
		draft.add(new Spec(root + "/megabyte", big, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, false));
		draft
			.add(new Spec(root + "/ttl", "ttl".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, false));
		draft.add(new Spec(root + "/container", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER, true));
		draft.add(
				new Spec(root + "/container/child", "c".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, false));
		for (int i = 0; i < draft.size(); i++) {
			Spec spec = draft.get(i);
			boolean hasChildren = spec.hasChildren() || (i < childCounts.size() && childCounts.get(i)[0] > 0);
			List<ACL> acl = spec.acl();
			if (i > 0 && spec.mode() == CreateMode.PERSISTENT) {
				int choice = random.nextInt(100);
				acl = (choice < 8) ? readOnlyForOthers : (choice < 13) ? noCreateForUs : (choice < 16) ? onlyUs : acl;
			}
			Spec finished = new Spec(spec.path(), spec.data(), acl, spec.mode(), hasChildren);
			this.specs.add(finished);
			this.paths.add(spec.path());
			if (acl != Ids.OPEN_ACL_UNSAFE) {
				this.restrictedAcls.add(finished);
			}
		}
	}

	private void create(ZooKeeper zk) throws Exception {
		Semaphore window = new Semaphore(1000);
		AtomicReference<String> error = new AtomicReference<>();
		for (Spec spec : this.specs) {
			window.acquire();
			// created open; the final ACLs are set afterwards so that children can be
			// created under any of them
			if (spec.mode() == CreateMode.PERSISTENT_WITH_TTL) {
				zk.create(spec.path(), spec.data(), Ids.OPEN_ACL_UNSAFE, spec.mode(), (rc, path, ctx, name, stat) -> {
					if (rc != 0) {
						error.compareAndSet(null, path + ": " + KeeperException.Code.get(rc));
					}
					window.release();
				}, null, 3_600_000);
			}
			else {
				zk.create(spec.path(), spec.data(), Ids.OPEN_ACL_UNSAFE, spec.mode(), (rc, path, ctx, name) -> {
					if (rc != 0) {
						error.compareAndSet(null, path + ": " + KeeperException.Code.get(rc));
					}
					window.release();
				}, null);
			}
		}
		window.acquire(1000);
		window.release(1000);
		for (Spec spec : this.restrictedAcls) {
			window.acquire();
			zk.setACL(spec.path(), new ArrayList<>(spec.acl()), -1, (rc, path, ctx, stat) -> {
				if (rc != 0) {
					error.compareAndSet(null, path + ": " + KeeperException.Code.get(rc));
				}
				window.release();
			}, null);
		}
		window.acquire(1000);
		if (error.get() != null) {
			throw new IllegalStateException("Could not build the random tree: " + error.get());
		}
	}

	/**
	 * @return how many nodes deny us the create permission although they have children
	 */
	long restrictedParents() {
		return this.restrictedAcls.stream()
			.filter((spec) -> spec.hasChildren() && spec.acl().size() == 2
					&& (spec.acl().get(0).getPerms() & Perms.CREATE) == 0)
			.count();
	}

	private record Spec(String path, byte[] data, List<ACL> acl, CreateMode mode, boolean hasChildren) {

	}

}
