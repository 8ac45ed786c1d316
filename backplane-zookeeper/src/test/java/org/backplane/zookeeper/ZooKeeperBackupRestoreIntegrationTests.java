package org.backplane.zookeeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZooKeeperBackupRestoreIntegrationTests {

	private static TestingServer server;

	private static CuratorFramework client;

	private static ZooKeeper zk;

	@BeforeAll
	static void startZooKeeper() throws Exception {
		server = TestZooKeeper.start();
		client = TestZooKeeper.connect(server);
		zk = client.getZookeeperClient().getZooKeeper();
	}

	@AfterAll
	static void stopZooKeeper() throws Exception {
		if (client != null) {
			client.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void randomTreeBacksUpAndRestoresExactlyUnderEveryPolicy(long seed) throws Exception {
		String root = "/tree" + seed;
		String excluded = root + "/excluded";
		RandomTree tree = RandomTree.build(zk, root, seed, 10_000);
		assertThat(tree.restrictedParents()).isPositive();
		zk.create(excluded, "keep".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create(excluded + "/inner", "keep".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		List<String> ephemerals = new ArrayList<>();
		Random random = new Random(seed);
		ByteArrayOutputStream artifact = new ByteArrayOutputStream();
		SortedMap<String, ZnodeChecker.Znode> before;
		try (CuratorFramework other = TestZooKeeper.connect(server)) {
			ZooKeeper otherZk = other.getZookeeperClient().getZooKeeper();
			for (int i = 0; ephemerals.size() < 40; i++) {
				String path = tree.paths.get(random.nextInt(tree.paths.size())) + "/ephemeral-" + i;
				try {
					otherZk.create(path, "e".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
					ephemerals.add(path);
				}
				catch (KeeperException.NoAuthException | KeeperException.NoChildrenForEphemeralsException ex) {
					// that parent denies us the create permission, or is a TTL node: pick
					// another
				}
			}
			before = snapshot(root, excluded);
			assertThat(before).hasSizeGreaterThanOrEqualTo(10_000);
			assertThat(before.get("megabyte").data()).startsWith(RandomTree.MEGABYTE_DATA + ":");
			assertThat(before.values()).anyMatch((node) -> node.data().equals("null"))
				.anyMatch((node) -> node.data().startsWith("0:"));

			// backup: the artifact holds every persistent znode and nothing excluded or
			// ephemeral
			ZooKeeperBackup.Census census = ZooKeeperBackup.count(client, root, List.of(excluded));
			assertThat(census.znodes()).isEqualTo(before.size());
			assertThat(census.largestData()).isEqualTo(RandomTree.MEGABYTE_DATA);
			assertThat(census.exact()).isTrue();
			// the fast count (a few requests) finds the same znodes, plus the ephemerals
			// outside the excludes
			ZooKeeperBackup.Census fast = ZooKeeperBackup.count(client, root, List.of(excluded),
					ZooKeeperBackup.CountMode.FAST);
			assertThat(fast.exact()).isFalse();
			assertThat(fast.znodes()).isEqualTo(before.size() + ephemerals.size());
			assertThat(fast.dataBytes()).isEqualTo(ZooKeeperBackup.UNKNOWN);
			AtomicLong progressed = new AtomicLong();
			ZooKeeperBackup.Result written = ZooKeeperBackup.write(client,
					ZooKeeperBackup.Options.of(root, List.of(excluded)).withGzip(seed % 2 == 0), artifact,
					(znodes, bytes) -> progressed.addAndGet(znodes));
			assertThat(written.znodes()).isEqualTo(before.size());
			assertThat(written.dataBytes()).isEqualTo(census.dataBytes());
			assertThat(written.largestData()).isEqualTo(RandomTree.MEGABYTE_DATA);
			assertThat(written.ephemeralsSkipped()).isEqualTo(ephemerals.size());
			assertThat(progressed).hasValue(before.size());
			List<String> names = entryNames(artifact.toByteArray());
			assertThat(names).first().isEqualTo(ZooKeeperArchive.HEADER);
			assertThat(names).last().isEqualTo(ZooKeeperArchive.TRAILER);
			assertThat(names).filteredOn((name) -> name.endsWith("/.meta")).hasSize(before.size());
			assertThat(names).noneMatch((name) -> name.contains("excluded") || name.contains("ephemeral-"));
			assertThat(names).contains("znodes/..meta/.meta", "znodes/..data/.meta", "znodes/..../.meta");

			// restore elsewhere (fail-if-exists into an empty target): identical
			ZooKeeperRestore.Result copy = ZooKeeperRestore.read(client,
					new ByteArrayInputStream(artifact.toByteArray()),
					ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS)
						.withTargetPath("/copies/copy" + seed)
						.withDigest(TestZooKeeper.DIGEST)
						.withVerify(true),
					null);
			assertThat(copy.znodes()).isEqualTo(before.size());
			assertThat(copy.batchedCreates()).isPositive();
			assertThat(snapshot("/copies/copy" + seed, null)).isEqualTo(before);

			// change the tree, including the excluded subtree
			zk.setData(excluded, "changed".getBytes(), -1);
			ZKUtil.deleteRecursive(zk, root + "/level0/level1/level2");
			zk.setData(root + "/megabyte", new byte[] { 1 }, -1);
			zk.create(root + "/new-node", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
			zk.setACL(root + "/.meta", new ArrayList<>(List.of(new ACL(Perms.ALL, new Id("world", "anyone")),
					new ACL(Perms.READ, new Id("ip", "10.0.0.1")))), -1);

			// fail-if-exists refuses and changes nothing
			assertThatExceptionOfType(ZooKeeperRestoreRefusedException.class)
				.isThrownBy(() -> ZooKeeperRestore.read(client, new ByteArrayInputStream(artifact.toByteArray()),
						ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS), null))
				.withMessageContaining("fail-if-exists");
			assertThat(zk.exists(root + "/new-node", false)).isNotNull();

			// overwrite restores exactly; the excluded subtree and the ephemerals are
			// untouched
			ZooKeeperRestore.Result overwritten = ZooKeeperRestore.read(client,
					new ByteArrayInputStream(artifact.toByteArray()),
					ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.OVERWRITE)
						.withDigest(TestZooKeeper.DIGEST)
						.withVerify(true),
					null);
			assertThat(overwritten.znodes()).isEqualTo(before.size());
			assertThat(snapshot(root, excluded)).isEqualTo(before);
			assertThat(zk.getData(excluded, false, null)).isEqualTo("changed".getBytes());
			assertThat(zk.exists(excluded + "/inner", false)).isNotNull();
			for (String ephemeral : ephemerals) {
				if (!ephemeral.startsWith(root + "/level0/level1/level2/")) {
					assertThat(zk.exists(ephemeral, false)).as(ephemeral).isNotNull();
				}
			}
		}

		ZKUtil.deleteRecursive(zk, "/copies/copy" + seed);
		if (seed != 1) {
			// the wipe below is the same for every seed: once keeps the suite short
			ZKUtil.deleteRecursive(zk, root);
			return;
		}
		// wipe everything (the ephemerals' session is closed), then restore: identical
		ZKUtil.deleteRecursive(zk, root);
		assertThat(zk.exists(root, false)).isNull();
		ZooKeeperRestore.read(client, new ByteArrayInputStream(artifact.toByteArray()),
				ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS)
					.withDigest(TestZooKeeper.DIGEST)
					.withTargetPath("/tmp-" + seed),
				null);
		SortedMap<String, ZnodeChecker.Znode> copied = snapshot("/tmp-" + seed, null);
		ZKUtil.deleteRecursive(zk, "/tmp-" + seed);
		assertThat(copied).isEqualTo(before);
	}

	@Test
	void fastCountEqualsTheExactCountWithNestedMissingAndUnreadableExcludes() throws Exception {
		String root = "/counted";
		RandomTree tree = RandomTree.build(zk, root, 42, 2_000);
		Random random = new Random(42);
		List<String> excludes = new ArrayList<>();
		for (int i = 0; excludes.size() < 3; i++) {
			String path = tree.paths.get(random.nextInt(tree.paths.size()));
			if (!path.equals(root) && !excludes.contains(path)) {
				excludes.add(path);
			}
		}
		zk.create(root + "/leader", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create(root + "/leader/inner", "x".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		// nested in another exclude, and missing
		excludes.add(root + "/leader/inner");
		excludes.add(root + "/leader");
		excludes.add(root + "/missing");
		try (CuratorFramework other = TestZooKeeper.connect(server)) {
			ZooKeeper otherZk = other.getZookeeperClient().getZooKeeper();
			// ephemerals only inside excluded subtrees (as Marathon's leader latches
			// under /marathon/leader)
			otherZk.create(root + "/leader/latch-1", "me".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
			otherZk.create(root + "/leader/latch-2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
			ZooKeeperBackup.Census exact = ZooKeeperBackup.count(client, root, excludes,
					ZooKeeperBackup.CountMode.EXACT);
			ZooKeeperBackup.Census fast = ZooKeeperBackup.count(client, root, excludes, ZooKeeperBackup.CountMode.FAST);
			assertThat(exact.exact()).isTrue();
			assertThat(fast.exact()).isFalse();
			assertThat(fast.znodes()).isEqualTo(exact.znodes()).isEqualTo(snapshotExcluding(root, excludes).size());
			ZooKeeperBackup.Result written = ZooKeeperBackup.write(client, root, excludes, new ByteArrayOutputStream(),
					null);
			assertThat(written.znodes()).isEqualTo(fast.znodes());
			assertThat(written.dataBytes()).isEqualTo(exact.dataBytes());

			// the whole tree, where /zookeeper is left out
			List<String> all = List.of("/secretive", root + "/leader");
			assertThat(ZooKeeperBackup.count(client, "/", all, ZooKeeperBackup.CountMode.FAST).znodes())
				.isEqualTo(ZooKeeperBackup.count(client, "/", all, ZooKeeperBackup.CountMode.EXACT).znodes());

			// an excluded subtree we may not read: the fast count cannot subtract it and
			// falls back to the exact one
			zk.create(root + "/unreadable", null,
					new ArrayList<>(List.of(new ACL(Perms.ALL, new Id("digest", "other:abc=")))),
					CreateMode.PERSISTENT);
			excludes.add(root + "/unreadable");
			ZooKeeperBackup.Census fallback = ZooKeeperBackup.count(client, root, excludes,
					ZooKeeperBackup.CountMode.FAST);
			assertThat(fallback.exact()).isTrue();
			assertThat(fallback).isEqualTo(exact);
		}
		finally {
			try {
				// deleting needs the parent's permission only, listing would need the
				// node's
				zk.delete(root + "/unreadable", -1);
			}
			catch (KeeperException.NoNodeException ex) {
				// not created
			}
			ZKUtil.deleteRecursive(zk, root);
		}
	}

	@Test
	void batchedReadsWriteTheSameArchiveAsReadingZnodeByZnode() throws Exception {
		String root = "/batched";
		RandomTree tree = RandomTree.build(zk, root, 5, 3_000);
		String excluded = tree.paths.get(tree.paths.size() / 2);
		// a 1 MB znode makes every batch a single read: without it, siblings are read in
		// batches
		zk.delete(root + "/megabyte", -1);
		try (CuratorFramework other = TestZooKeeper.connect(server)) {
			ZooKeeper otherZk = other.getZookeeperClient().getZooKeeper();
			int ephemerals = 0;
			for (int i = 0; ephemerals < 10; i++) {
				String parent = tree.paths.get(i * 37 % tree.paths.size());
				if (ZnodePaths.covers(excluded, parent)) {
					continue;
				}
				try {
					otherZk.create(parent + "/ephemeral-" + i, null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
					ephemerals++;
				}
				catch (KeeperException.NoAuthException | KeeperException.NoChildrenForEphemeralsException
						| KeeperException.NodeExistsException ex) {
					// that parent denies us the create permission, or is a TTL node: pick
					// another
				}
			}
			ZooKeeperBackup.Options options = ZooKeeperBackup.Options.of(root, List.of(excluded));
			assertThat(options.batchReads()).isTrue();
			ByteArrayOutputStream batched = new ByteArrayOutputStream();
			ZooKeeperBackup.Result batchedResult = ZooKeeperBackup.write(client, options, batched, null);
			ByteArrayOutputStream single = new ByteArrayOutputStream();
			ZooKeeperBackup.Result singleResult = ZooKeeperBackup.write(client, options.withBatchReads(false), single,
					null);
			assertThat(batchedResult.batchedReads()).as("batched reads").isGreaterThan(100);
			assertThat(singleResult.batchedReads()).isZero();
			assertThat(batchedResult).usingRecursiveComparison().ignoringFields("batchedReads").isEqualTo(singleResult);
			assertThat(batchedResult.znodes()).isEqualTo(snapshot(root, excluded).size());
			assertThat(batchedResult.ephemeralsSkipped()).isEqualTo(ephemerals);
			// the same entries with the same bytes; only the header's time differs
			Map<String, String> batchedEntries = entries(batched.toByteArray());
			Map<String, String> singleEntries = entries(single.toByteArray());
			batchedEntries.remove(ZooKeeperArchive.HEADER);
			singleEntries.remove(ZooKeeperArchive.HEADER);
			assertThat(batchedEntries.size()).isGreaterThan(3_000);
			List<String> different = batchedEntries.keySet()
				.stream()
				.filter((name) -> !batchedEntries.get(name).equals(singleEntries.get(name)))
				.limit(2)
				.map((name) -> name + ": " + batchedEntries.get(name) + " <> " + singleEntries.get(name))
				.toList();
			assertThat(different).isEmpty();
			// the order follows the answers' timing in both ways, but a parent always
			// comes before its children
			assertThat(new java.util.TreeSet<>(batchedEntries.keySet()))
				.isEqualTo(new java.util.TreeSet<>(singleEntries.keySet()));
			java.util.Set<String> seen = new java.util.HashSet<>();
			for (String name : batchedEntries.keySet()) {
				if (name.endsWith("/" + ZooKeeperArchive.META) && !name.equals("znodes/" + ZooKeeperArchive.META)) {
					String directory = name.substring(0, name.length() - ZooKeeperArchive.META.length() - 1);
					String parent = directory.substring(0, directory.lastIndexOf('/') + 1) + ZooKeeperArchive.META;
					assertThat(seen).as(name).contains(parent);
				}
				seen.add(name);
			}

			// restores: creates in batches (multi transactions) and one by one give the
			// same tree
			ZooKeeperRestore.Result batchedRestore = ZooKeeperRestore.read(client,
					new ByteArrayInputStream(batched.toByteArray()),
					ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS)
						.withTargetPath("/batched-copy")
						.withDigest(TestZooKeeper.DIGEST),
					null);
			ZooKeeperRestore.Result singleRestore = ZooKeeperRestore.read(client,
					new ByteArrayInputStream(batched.toByteArray()),
					ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS)
						.withTargetPath("/single-copy")
						.withDigest(TestZooKeeper.DIGEST)
						.withBatchCreates(false),
					null);
			assertThat(batchedRestore.batchedCreates()).as("batched creates").isGreaterThan(100);
			assertThat(singleRestore.batchedCreates()).isZero();
			assertThat(batchedRestore.znodes()).isEqualTo(singleRestore.znodes()).isEqualTo(batchedResult.znodes());
			SortedMap<String, ZnodeChecker.Znode> expected = snapshot(root, excluded);
			assertThat(snapshot("/batched-copy", null)).isEqualTo(expected);
			assertThat(snapshot("/single-copy", null)).isEqualTo(expected);
		}
		finally {
			ZKUtil.deleteRecursive(zk, root);
			for (String copy : List.of("/batched-copy", "/single-copy")) {
				if (zk.exists(copy, false) != null) {
					ZKUtil.deleteRecursive(zk, copy);
				}
			}
		}
	}

	@Test
	void emptyNullAndLargeDataKeepTheirExactBytes() throws Exception {
		String root = "/data-kinds";
		byte[] large = new byte[RandomTree.MEGABYTE_DATA];
		new Random(7).nextBytes(large);
		zk.create(root, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create(root + "/empty", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create(root + "/null", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create(root + "/large", large, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create(root + "/text", "ä\u0000b".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE,
				CreateMode.PERSISTENT);
		byte[] artifact = backup(root, null);
		ZKUtil.deleteRecursive(zk, root);
		ZooKeeperRestore.read(client, new ByteArrayInputStream(artifact),
				ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS), null);
		assertThat(zk.getData(root, false, null)).isNull();
		assertThat(zk.getData(root + "/empty", false, null)).isEmpty();
		assertThat(zk.getData(root + "/null", false, null)).isNull();
		assertThat(Arrays.equals(zk.getData(root + "/large", false, null), large)).isTrue();
		assertThat(zk.getData(root + "/text", false, null)).isEqualTo("ä\u0000b".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void unreadableZnodeFailsTheBackupNamingTheCause() throws Exception {
		zk.create("/secretive", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create("/secretive/locked", "x".getBytes(),
				new ArrayList<>(List.of(new ACL(Perms.ALL, new Id("digest", "other:abc=")))), CreateMode.PERSISTENT);
		assertThatExceptionOfType(ZooKeeperException.class)
			.isThrownBy(() -> ZooKeeperBackup.write(client, "/secretive", null, new ByteArrayOutputStream(), null))
			.withMessageContaining("/secretive/locked")
			.withMessageContaining("not authorized");
	}

	@Test
	void digestAclsAreNeverBackedUpMaskedAndRoundTripExactlyWithAdminCredentials() throws Exception {
		// a Marathon in strict mode: its znodes' ACL is its own digest with every
		// permission, and anyone may read
		List<ACL> strict = List.of(
				new ACL(Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest("ops:s3cret"))),
				new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE));
		zk.create("/strict", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create("/strict/app", "config".getBytes(StandardCharsets.UTF_8), new ArrayList<>(strict),
				CreateMode.PERSISTENT);
		// this client may read but lacks ADMIN: ZooKeeper answers the ACL as digest:ops:x
		assertThat(zk.getACL("/strict/app", null).get(0).getId().getId()).as("precondition: the ACL comes back masked")
			.isEqualTo("ops:x");
		assertThatExceptionOfType(ZooKeeperException.class)
			.isThrownBy(() -> ZooKeeperBackup.write(client, "/strict", null, new ByteArrayOutputStream(), null))
			.withMessageContaining("/strict/app")
			.withMessageContaining("digest credentials")
			.withMessageContaining("ADMIN");
		try (CuratorFramework ops = ZooKeeperClients
			.connect(new ZooKeeperClients.Settings(server.getConnectString(), null, null, "ops:s3cret", null))) {
			ByteArrayOutputStream artifact = new ByteArrayOutputStream();
			ZooKeeperBackup.write(ops, "/strict", null, artifact, null);
			ops.delete().forPath("/strict/app");
			ZooKeeperRestore.read(ops, new ByteArrayInputStream(artifact.toByteArray()),
					ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.OVERWRITE), null);
			List<ACL> restored = ops.getZookeeperClient().getZooKeeper().getACL("/strict/app", null);
			assertThat(restored).containsExactlyInAnyOrderElementsOf(strict);
			assertThat(ops.getData().forPath("/strict/app")).isEqualTo("config".getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void missingRootFailsTheBackup() {
		assertThatExceptionOfType(ZooKeeperException.class)
			.isThrownBy(() -> ZooKeeperBackup.write(client, "/does-not-exist", null, new ByteArrayOutputStream(), null))
			.withMessageContaining("/does-not-exist")
			.withMessageContaining("does not exist");
	}

	@Test
	void exceptionFromTheProgressListenerStopsTheOperationAndIsRethrownUnchanged() throws Exception {
		zk.create("/cancelled", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		for (int i = 0; i < 50; i++) {
			zk.create("/cancelled/n" + i, new byte[10], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		}
		ZooKeeperProgress cancel = (znodes, bytes) -> {
			throw new IllegalStateException("cancelled by the runner");
		};
		assertThatIllegalStateException()
			.isThrownBy(() -> ZooKeeperBackup.write(client, "/cancelled", null, new ByteArrayOutputStream(), cancel))
			.withMessage("cancelled by the runner");
		byte[] artifact = backup("/cancelled", null);
		assertThatIllegalStateException()
			.isThrownBy(
					() -> ZooKeeperRestore
						.read(client, new ByteArrayInputStream(artifact),
								ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.FAIL_IF_EXISTS)
									.withTargetPath("/cancelled-copy"),
								cancel))
			.withMessage("cancelled by the runner");
	}

	@Test
	void truncatedArtifactIsRejected() throws Exception {
		zk.create("/small", "s".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create("/small/a", "a".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		byte[] artifact = backup("/small", null);
		byte[] truncated = Arrays.copyOf(artifact, 1536);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> ZooKeeperRestore.read(client, new ByteArrayInputStream(truncated),
					ZooKeeperRestore.Options.of(ZooKeeperRestorePolicy.OVERWRITE).withTargetPath("/small-copy"), null))
			.withMessageContaining("Truncated");
	}

	private static byte[] backup(String root, String excluded) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ZooKeeperBackup.write(client, root, (excluded != null) ? List.of(excluded) : null, out, null);
		return out.toByteArray();
	}

	private static SortedMap<String, ZnodeChecker.Znode> snapshot(String root, String excluded) throws Exception {
		return snapshotExcluding(root, (excluded != null) ? List.of(excluded) : null);
	}

	private static SortedMap<String, ZnodeChecker.Znode> snapshotExcluding(String root, List<String> excludes)
			throws Exception {
		ZnodePaths paths = ZnodePaths.excluding(excludes);
		return ZnodeChecker.snapshot(zk, root, paths::isExcluded);
	}

	private static Map<String, String> entries(byte[] artifact) throws Exception {
		Map<String, String> entries = new LinkedHashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(artifact), "UTF-8")) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				byte[] content = tar.readAllBytes();
				entries.put(entry.getName(),
						entry.getName().endsWith(ZooKeeperArchive.META) ? new String(content, StandardCharsets.UTF_8)
								: HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
			}
		}
		return entries;
	}

	private static List<String> entryNames(byte[] artifact) throws IOException {
		List<String> names = new ArrayList<>();
		InputStream in = new ByteArrayInputStream(artifact);
		if (artifact[0] == (byte) 0x1f && artifact[1] == (byte) 0x8b) {
			in = new GZIPInputStream(in);
		}
		try (TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				names.add(entry.getName());
			}
		}
		return names;
	}

}
