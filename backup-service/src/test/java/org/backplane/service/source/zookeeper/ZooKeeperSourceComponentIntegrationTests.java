package org.backplane.service.source.zookeeper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponent.RestoreOptions;
import org.backplane.service.source.SourceComponentFactory;
import org.backplane.service.testservers.ZooKeeperTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZooKeeperSourceComponentIntegrationTests {

	private static ZooKeeperTestServer server;

	private static CuratorFramework client;

	private static ZooKeeper zk;

	@BeforeAll
	static void startZooKeeper() throws Exception {
		server = ZooKeeperTestServer.start();
		client = CuratorFrameworkFactory.builder()
			.connectString(server.getConnectString())
			.retryPolicy(new RetryNTimes(3, 100))
			.authorization("digest", "marathon:s3cret".getBytes())
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

	@Test
	void configurationRegistersTheZookeeperFactory() {
		new ApplicationContextRunner().withUserConfiguration(ZooKeeperSourceConfiguration.class)
			.run((context) -> assertThat(context.getBeansOfType(SourceComponentFactory.class).values())
				.extracting(SourceComponentFactory::type)
				.containsExactly("zookeeper"));
	}

	@Test
	void bindsKebabCaseKeysAndRejectsUnknownOnes() {
		Map<String, String> map = new HashMap<>(base());
		map.put("backplane.components.marathon.tls.enabled", "true");
		map.put("backplane.components.marathon.tls.trust-store", "/etc/zk/ca.p12");
		map.put("backplane.components.marathon.session-timeout", "30s");
		map.put("backplane.components.marathon.exclude[0]", "/marathon/leader");
		ZooKeeperSourceProperties properties = bind(map);
		assertThat(properties.connectString()).isEqualTo(server.getConnectString());
		assertThat(properties.sessionTimeout()).hasSeconds(30);
		assertThat(properties.tls().enabled()).isTrue();
		assertThat(properties.tls().hostnameVerification()).isTrue();
		assertThat(properties.restorePolicy()).isEqualTo(RestorePolicy.OVERWRITE);
		assertThat(properties.toString()).doesNotContain("s3cret");
		map.put("backplane.components.marathon.digets", "x");
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(map));
	}

	@Test
	void factoryRejectsExcludesOutsideThePathAndBadAcls() {
		ZooKeeperSourceComponentFactory factory = new ZooKeeperSourceComponentFactory();
		Map<String, String> map = new HashMap<>(base());
		map.put("backplane.components.marathon.exclude[0]", "/elsewhere");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create("marathon", bind(map)))
			.withMessageContaining("not below path");
		map.remove("backplane.components.marathon.exclude[0]");
		map.put("backplane.components.marathon.acl[0]", "world:anyone:xyz");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create("marathon", bind(map)))
			.withMessageContaining("acl");
	}

	@Test
	void backsUpRefusesUnderFailIfExistsAndRestoresUnderOverwrite() throws Exception {
		zk.create("/marathon", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create("/marathon/state", "apps".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create("/marathon/state/app-1", "{\"id\":\"/app-1\"}".getBytes(), Ids.OPEN_ACL_UNSAFE,
				CreateMode.PERSISTENT);
		zk.create("/marathon/leader", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create("/marathon/leader/latch", "me".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
		Map<String, String> map = new HashMap<>(base());
		map.put("backplane.components.marathon.exclude[0]", "/marathon/leader");
		map.put("backplane.components.marathon.restore-policy", "fail-if-exists");
		SourceComponent component = new ZooKeeperSourceComponentFactory().create("marathon", bind(map));
		assertThat(component.type()).isEqualTo("zookeeper");
		assertThat(component.artifactExtension()).isEqualTo("tar");
		assertThat(component.describe()).contains("/marathon", server.getConnectString(), "/marathon/leader")
			.doesNotContain("s3cret")
			.doesNotContain("marathon:");

		// fast count (the default): znodes only; the ephemeral is inside the excluded
		// subtree
		SourceComponent.Totals totals = component.enumerate();
		assertThat(totals).isEqualTo(SourceComponent.Totals.ofItems(3));
		assertThat(totals.bytesKnown()).isFalse();
		AtomicLong items = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		ByteArrayOutputStream artifact = new ByteArrayOutputStream();
		component.backup(artifact, (i, b) -> {
			items.addAndGet(i);
			bytes.addAndGet(b);
		});
		assertThat(items).hasValue(3);
		long dataBytes = "apps".length() + "{\"id\":\"/app-1\"}".length();
		assertThat(bytes).hasValue(dataBytes);
		// exact count: the same znodes, and their bytes
		map.put("backplane.components.marathon.count", "exact");
		assertThat(new ZooKeeperSourceComponentFactory().create("marathon", bind(map)).enumerate())
			.isEqualTo(new SourceComponent.Totals(3, dataBytes));

		zk.setData("/marathon/state/app-1", "changed".getBytes(), -1);
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> component.checkRestore(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS)))
			.withMessageContaining("fail-if-exists");
		component.checkRestore(new RestoreOptions(RestorePolicy.OVERWRITE));
		component.restore(new ByteArrayInputStream(artifact.toByteArray()), new RestoreOptions(RestorePolicy.OVERWRITE),
				SourceComponent.Progress.NONE);
		assertThat(zk.getData("/marathon/state/app-1", false, null)).isEqualTo("{\"id\":\"/app-1\"}".getBytes());
		assertThat(zk.exists("/marathon/leader/latch", false)).isNotNull();

		// restore beside the live state for inspection: the excludes move along
		component.restore(new ByteArrayInputStream(artifact.toByteArray()),
				new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, "/inspect/marathon"), SourceComponent.Progress.NONE);
		assertThat(zk.getData("/inspect/marathon/state/app-1", false, null))
			.isEqualTo("{\"id\":\"/app-1\"}".getBytes());
		assertThat(zk.exists("/inspect/marathon/leader", false)).isNull();
		ZKUtil.deleteRecursive(zk, "/inspect");
	}

	@Test
	void checkOptionsRefusesATargetPathThatIsNoZnodePathWithoutConnecting() throws Exception {
		Map<String, String> map = new HashMap<>(base());
		// an unreachable server: the check never connects
		map.put("backplane.components.marathon.connect-string", "127.0.0.1:1");
		SourceComponent component = new ZooKeeperSourceComponentFactory().create("marathon", bind(map));
		for (String bad : List.of("relative/path", "/double//slash", "/dot/./x", "/trailing/..")) {
			assertThatExceptionOfType(RestoreRefusedException.class)
				.isThrownBy(
						() -> component.checkOptions(new SourceComponent.RestoreOptions(RestorePolicy.OVERWRITE, bad)))
				.as(bad)
				.withMessageContaining("targetPath '" + bad + "' is not an absolute znode path")
				.withMessageNotContaining("Exception");
		}
		component.checkOptions(new SourceComponent.RestoreOptions(RestorePolicy.OVERWRITE, null));
		component.checkOptions(new SourceComponent.RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, "/elsewhere/"));
	}

	@Test
	void unreachableServerGivesAnIoExceptionNamingTheComponentAndServers() {
		Map<String, String> map = new HashMap<>(base());
		map.put("backplane.components.marathon.connect-string", "127.0.0.1:1");
		map.put("backplane.components.marathon.connection-timeout", "1s");
		SourceComponent component = new ZooKeeperSourceComponentFactory().create("marathon", bind(map));
		assertThatExceptionOfType(IOException.class).isThrownBy(component::enumerate)
			.withMessageContaining("'marathon'")
			.withMessageContaining("Cannot connect to ZooKeeper at 127.0.0.1:1")
			.withMessageNotContaining("s3cret");
	}

	private static Map<String, String> base() {
		return Map.of("backplane.components.marathon.type", "zookeeper", "backplane.components.marathon.connect-string",
				server.getConnectString(), "backplane.components.marathon.path", "/marathon",
				"backplane.components.marathon.digest", "marathon:s3cret",
				"backplane.components.marathon.restore-policy", "overwrite");
	}

	private static ZooKeeperSourceProperties bind(Map<String, String> map) {
		Binder binder = new Binder(new MapConfigurationPropertySource(map));
		return binder
			.bind(ConfigurationPropertyName.of("backplane.components.marathon"),
					Bindable.of(ZooKeeperSourceProperties.class),
					new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler()))
			.get();
	}

}
