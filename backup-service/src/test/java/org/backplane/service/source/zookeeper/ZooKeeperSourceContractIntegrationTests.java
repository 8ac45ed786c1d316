package org.backplane.service.source.zookeeper;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.EphemeralType;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentContractTests;
import org.backplane.service.testservers.ZooKeeperTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The source contract, run against the {@code zookeeper} source over a subtree of a real
 * ZooKeeper (Curator's in-process {@code TestingServer}, or a container under
 * {@code -Pcontainers}): once with the defaults (fast count, plain tar) and once with an
 * exact count and gzip, so that the byte totals are checked too.
 * <p>
 * The tree has data of every shape (null, empty, binary, 200 KB), unicode names, a
 * container, ACLs that deny others or the component itself some permissions (the root
 * denies everyone the create permission, so a restore must open its ACL and close it
 * again) and an excluded subtree holding a live ephemeral znode, as Marathon's leader
 * latch. Its content, for the contract, is every persistent znode outside the excluded
 * subtree: relative path, kind, data and ACL. Each test gets a subtree of its own.
 */
@ParameterizedClass(name = "count={0}, gzip={1}")
@CsvSource({ "fast, false", "exact, true" })
class ZooKeeperSourceContractIntegrationTests extends SourceComponentContractTests {

	private static final String DIGEST = "contract:s3cret";

	private static final String[] NAMES = { "app", "日本語", "ü ä ö", "sp ace", "colon:x", "pct%41", ".hidden", "..dots",
			"☃", "a".repeat(150), "zookeeper", ".meta", ".data" };

	private static final AtomicInteger ROOTS = new AtomicInteger();

	private static ZooKeeperTestServer server;

	private static CuratorFramework client;

	private static ZooKeeper zk;

	@Parameter(0)
	String count;

	@Parameter(1)
	boolean gzip;

	private final String root = "/contract-" + ROOTS.incrementAndGet();

	private final String excluded = this.root + "/leader";

	@BeforeAll
	static void startZooKeeper() throws Exception {
		server = ZooKeeperTestServer.start();
		client = CuratorFrameworkFactory.builder()
			.connectString(server.getConnectString())
			.retryPolicy(new RetryNTimes(3, 100))
			.authorization("digest", DIGEST.getBytes())
			.build();
		client.start();
		client.blockUntilConnected();
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

	@Override
	protected SourceComponent component() {
		Map<String, String> map = new HashMap<>();
		map.put("backplane.components.contract.type", "zookeeper");
		map.put("backplane.components.contract.connect-string", server.getConnectString());
		map.put("backplane.components.contract.path", this.root);
		map.put("backplane.components.contract.exclude[0]", this.excluded);
		map.put("backplane.components.contract.digest", DIGEST);
		map.put("backplane.components.contract.count", this.count);
		map.put("backplane.components.contract.gzip", Boolean.toString(this.gzip));
		ZooKeeperSourceProperties properties = new Binder(new MapConfigurationPropertySource(map))
			.bind(ConfigurationPropertyName.of("backplane.components.contract"),
					Bindable.of(ZooKeeperSourceProperties.class),
					new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler()))
			.get();
		return new ZooKeeperSourceComponentFactory().create("contract", properties);
	}

	@Override
	protected void populate(long seed) throws Exception {
		Random random = new Random(seed);
		String us = DigestAuthenticationProvider.generateDigest(DIGEST);
		List<List<ACL>> acls = List.of(
				// others may only read
				List.of(new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE), new ACL(Perms.ALL, new Id("digest", us))),
				// nobody may create children, not even the component
				List.of(new ACL(Perms.READ | Perms.WRITE | Perms.DELETE | Perms.ADMIN, new Id("digest", us)),
						new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)),
				// only the component
				List.of(new ACL(Perms.ALL, new Id("digest", us))));
		// created open, the ACLs set afterwards so that children can be created under any
		// of them
		Map<String, List<ACL>> restricted = new LinkedHashMap<>();
		create(this.root, data(random), CreateMode.PERSISTENT);
		List<String> created = new ArrayList<>(List.of(this.root));
		for (int i = 0; i < 30; i++) {
			String parent = created.get(random.nextInt(created.size()));
			String path = parent + "/" + NAMES[random.nextInt(NAMES.length)] + "-" + i;
			create(path, data(random), CreateMode.PERSISTENT);
			created.add(path);
		}
		for (String path : created) {
			int choice = random.nextInt(10);
			if (choice < acls.size()) {
				restricted.put(path, acls.get(choice));
			}
		}
		// the root never lets anyone create children: a restore must open its ACL and
		// close it again
		restricted.put(this.root, acls.get(1));
		byte[] large = new byte[200_000];
		random.nextBytes(large);
		create(this.root + "/large", large, CreateMode.PERSISTENT);
		create(this.root + "/container", data(random), CreateMode.CONTAINER);
		create(this.root + "/container/child", data(random), CreateMode.PERSISTENT);
		create(this.excluded, null, CreateMode.PERSISTENT);
		create(this.excluded + "/latch", "leader".getBytes(), CreateMode.EPHEMERAL);
		for (Map.Entry<String, List<ACL>> entry : restricted.entrySet()) {
			// a mutable copy: ZooKeeper calls acl.contains(null), which List.of rejects
			zk.setACL(entry.getKey(), new ArrayList<>(entry.getValue()), -1);
		}
	}

	@Override
	protected void wipe() throws Exception {
		client.delete().quietly().deletingChildrenIfNeeded().forPath(this.root);
	}

	@Override
	protected Object snapshot() throws Exception {
		Map<String, String> state = new TreeMap<>();
		read(this.root, state);
		return state;
	}

	/**
	 * A ZooKeeper restore writes znodes as it reads them: a truncated artifact is refused
	 * only when its end is reached.
	 */
	@Override
	protected boolean stagesRestores() {
		return false;
	}

	/**
	 * The fast count leaves the bytes unknown.
	 */
	@Override
	protected boolean countsBytes() {
		return this.count.equals("exact");
	}

	private void read(String path, Map<String, String> state) throws Exception {
		if (path.equals(this.excluded)) {
			return;
		}
		Stat stat = new Stat();
		byte[] data;
		try {
			data = zk.getData(path, false, stat);
		}
		catch (KeeperException.NoNodeException ex) {
			return;
		}
		// told apart by hand: EphemeralType.get depends on a system property of this JVM
		long owner = stat.getEphemeralOwner();
		String kind = (owner == 0) ? "persistent"
				: (owner == EphemeralType.CONTAINER_EPHEMERAL_OWNER) ? "container" : null;
		if (kind == null) {
			// ephemeral: not content (the tree has no TTL znodes)
			return;
		}
		String content = (data != null) ? data.length + " bytes, sha-256 "
				+ HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)) : "null";
		state.put(path.substring(this.root.length()),
				kind + ", " + content + ", acl " + acl(zk.getACL(path, new Stat())));
		for (String child : zk.getChildren(path, false)) {
			read(path + "/" + child, state);
		}
	}

	private static String acl(List<ACL> acl) {
		StringBuilder text = new StringBuilder();
		for (ACL entry : acl) {
			text.append((text.length() > 0) ? " " : "")
				.append(entry.getId().getScheme())
				.append(':')
				.append(entry.getId().getId())
				.append(':')
				.append(entry.getPerms());
		}
		return text.toString();
	}

	private static void create(String path, byte[] data, CreateMode mode) throws Exception {
		zk.create(path, data, Ids.OPEN_ACL_UNSAFE, mode);
	}

	private static byte[] data(Random random) {
		int kind = random.nextInt(10);
		if (kind == 0) {
			return null;
		}
		if (kind < 3) {
			return new byte[0];
		}
		byte[] data = new byte[1 + random.nextInt(300)];
		random.nextBytes(data);
		return data;
	}

}
