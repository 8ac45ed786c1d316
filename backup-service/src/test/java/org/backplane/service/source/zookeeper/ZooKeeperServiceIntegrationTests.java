package org.backplane.service.source.zookeeper;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.Progress;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testservers.ZooKeeperTestServer;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service with a real ZooKeeper component named {@code marathon}, driven
 * through the DC/OS endpoints: create → {@code component_status.marathon} READY;
 * overwrite restore → READY, state back, ephemerals and excluded paths untouched, and a
 * {@code pre-restore-…} backup that itself restores the state before the restore.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.marathon.type=zookeeper", "backplane.components.marathon.path=/marathon",
				"backplane.components.marathon.exclude[0]=/marathon/leader",
				"backplane.components.marathon.restore-policy=overwrite", "backplane.runner.polling-interval=200ms",
				"server.address=127.0.0.1" })
class ZooKeeperServiceIntegrationTests {

	private static final Path HOME = ServiceHome.newDirectory("zookeeper");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ZooKeeperTestServer server;

	private static CuratorFramework curator;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		server = ZooKeeperTestServer.start();
		curator = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryNTimes(3, 100));
		curator.start();
		curator.blockUntilConnected();
		registry.add("backplane.home", HOME::toString);
		registry.add("backplane.components.marathon.connect-string", server::getConnectString);
	}

	@AfterAll
	static void stop() throws Exception {
		if (curator != null) {
			curator.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void dcosCreateAndRestoreOfMarathonWithASafetyBackupThatUndoesTheRestore() throws Exception {
		ZooKeeper zk = curator.getZookeeperClient().getZooKeeper();
		zk.create("/marathon", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create("/marathon/state", "v1".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		for (int i = 0; i < 200; i++) {
			zk.create("/marathon/state/app-" + i, ("{\"id\":" + i + "}").getBytes(), Ids.OPEN_ACL_UNSAFE,
					CreateMode.PERSISTENT);
		}
		zk.create("/marathon/leader", "me".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.create("/marathon/state/instance", "e".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
		Http http = new Http(this.port);

		HttpResponse<String> created = http.postJson("/system/v1/backup/v1/create", "{\"label\": \"zk-before\"}");
		assertThat(created.statusCode()).isEqualTo(200);
		JsonNode info = json.readTree(created.body()).get("backup_info");
		assertThat(info.get("component_status").get("marathon").get("status").asString()).isEqualTo("STATUS_UNKNOWN");
		String id = info.get("id").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> "STATUS_READY".equals(listed(http, id).get("status").asString()));
		assertThat(listed(http, id).get("component_status").get("marathon").get("status").asString())
			.isEqualTo("STATUS_READY");
		// the fast count also counted the ephemeral; once copied, the totals are what was
		// written
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		long dataBytes = "v1".length();
		for (int i = 0; i < 200; i++) {
			dataBytes += ("{\"id\":" + i + "}").length();
		}
		BackupResponse backup = client.getBackup(id);
		assertThat(backup.components().get("marathon").progress())
			.isEqualTo(new Progress(202, 202, dataBytes, dataBytes));
		assertThat(backup.progress()).isEqualTo(new Progress(202, 202, dataBytes, dataBytes));

		// live state moves on
		zk.setData("/marathon/state", "v2".getBytes(), -1);
		zk.delete("/marathon/state/app-7", -1);
		zk.create("/marathon/state/app-new", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
		zk.setData("/marathon/leader", "other".getBytes(), -1);

		HttpResponse<String> restored = http.postJson("/system/v1/backup/v1/restore", "{\"id\": \"" + id + "\"}");
		assertThat(restored.statusCode()).isEqualTo(200);
		String restoreId = json.readTree(restored.body()).get("backup_info").get("id").asString();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			JsonNode restores = listed(http, id).get("restores");
			return restores.size() == 1 && "STATUS_READY".equals(restores.get(0).get("status").asString());
		});
		assertThat(listed(http, id).get("restores")
			.get(0)
			.get("component_status")
			.get("marathon")
			.get("status")
			.asString()).isEqualTo("STATUS_READY");
		assertThat(zk.getData("/marathon/state", false, null)).isEqualTo("v1".getBytes());
		assertThat(zk.exists("/marathon/state/app-7", false)).isNotNull();
		assertThat(zk.exists("/marathon/state/app-new", false)).isNull();
		assertThat(zk.getData("/marathon/leader", false, null)).as("excluded").isEqualTo("other".getBytes());
		assertThat(zk.exists("/marathon/state/instance", false)).as("ephemeral").isNotNull();

		// the pre-restore backup holds the state the restore replaced, and restores it
		RestoreResponse restore = client.getRestore(id, restoreId);
		assertThat(restore.safetyBackupId()).startsWith("pre-restore-");
		BackupResponse safety = client.getBackup(restore.safetyBackupId());
		assertThat(safety.status()).isEqualTo(BackupStatus.STATUS_READY);
		String undoId = client.createRestore(safety.id(), new CreateRestoreRequest("overwrite")).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getRestore(safety.id(), undoId).status() == RestoreStatus.STATUS_READY);
		assertThat(zk.getData("/marathon/state", false, null)).isEqualTo("v2".getBytes());
		assertThat(zk.exists("/marathon/state/app-7", false)).isNull();
		assertThat(zk.exists("/marathon/state/app-new", false)).isNotNull();
	}

	private static JsonNode listed(Http http, String id) {
		return json.readTree(http.get("/v1/list?prefix=" + id).body()).get("backup_info").get(0);
	}

}
