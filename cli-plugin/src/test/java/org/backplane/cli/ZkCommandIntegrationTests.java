package org.backplane.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dcos-backup zk backup|restore} against a real ZooKeeper (Curator's in-process
 * {@link TestingServer} on 127.0.0.1), writing and reading the shared
 * {@code backplane-zookeeper} tar format.
 */
class ZkCommandIntegrationTests {

	@TempDir
	Path temp;

	private TestingServer server;

	private CuratorFramework client;

	@BeforeEach
	void start() throws Exception {
		InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 2000, -1,
				Map.of("clientPortAddress", "127.0.0.1", "admin.enableServer", "false"), "127.0.0.1");
		this.server = new TestingServer(spec, true);
		this.client = CuratorFrameworkFactory.newClient(this.server.getConnectString(), new RetryOneTime(100));
		this.client.start();
		this.client.blockUntilConnected();
	}

	@AfterEach
	void stop() throws Exception {
		this.client.close();
		this.server.close();
	}

	private TestContexts cli() {
		return new TestContexts(Map.of(), this.temp, false);
	}

	@Test
	void backupThenRestoreBringsTheSubtreeBack() throws Exception {
		this.client.create()
			.creatingParentsIfNeeded()
			.forPath("/marathon/apps/web", "web".getBytes(StandardCharsets.UTF_8));
		this.client.create().forPath("/marathon/apps/db", new byte[] { 0, 1, 2, (byte) 255 });
		this.client.create().forPath("/marathon/state", "{}".getBytes(StandardCharsets.UTF_8));
		Path archive = this.temp.resolve("marathon.tar.gz");

		TestContexts backup = cli();
		int code = backup.run("backup", "zk", "backup", "--zk", this.server.getConnectString(), "--path", "/marathon",
				"--output", archive.toUri().toString());
		assertThat(code).as(backup::err).isZero();
		assertThat(backup.out()).startsWith("Backed up 5 znodes").contains(archive.toString());
		assertThat(Files.size(archive)).isPositive();
		assertThat(this.temp.resolve("marathon.tar.gz.partial")).doesNotExist();

		TestContexts refused = cli();
		assertThat(refused.run("zk", "restore", "--zk", this.server.getConnectString(), "--path", "/marathon",
				"--input", archive.toString()))
			.isEqualTo(ExitCodes.CONFLICT);
		assertThat(refused.err()).startsWith("Error: ").contains("fail-if-exists").hasLineCount(1);

		this.client.delete().deletingChildrenIfNeeded().forPath("/marathon");
		TestContexts restore = cli();
		code = restore.run("zk", "restore", "--zk", this.server.getConnectString(), "--path", "/marathon", "--input",
				archive.toUri().toString());
		assertThat(code).as(restore::err).isZero();
		assertThat(restore.out()).startsWith("Restored 5 znodes");
		assertThat(this.client.getData().forPath("/marathon/apps/web"))
			.isEqualTo("web".getBytes(StandardCharsets.UTF_8));
		assertThat(this.client.getData().forPath("/marathon/apps/db")).isEqualTo(new byte[] { 0, 1, 2, (byte) 255 });
		assertThat(this.client.getData().forPath("/marathon/state")).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));

		this.client.setData().forPath("/marathon/state", "changed".getBytes(StandardCharsets.UTF_8));
		TestContexts overwrite = cli();
		assertThat(overwrite.run("zk", "restore", "--zk", this.server.getConnectString(), "--path", "/marathon",
				"--input", archive.toString(), "--policy=overwrite"))
			.as(overwrite::err)
			.isZero();
		assertThat(this.client.getData().forPath("/marathon/state")).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void existingOutputIsNotOverwritten() throws Exception {
		Path archive = Files.writeString(this.temp.resolve("taken.tar"), "keep");
		this.client.create().forPath("/x", new byte[0]);
		TestContexts cli = cli();
		assertThat(cli.run("zk", "backup", "--zk", this.server.getConnectString(), "--path", "/x", "--output",
				archive.toString()))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(cli.err()).isEqualTo("Error: " + archive + " already exists: choose another --output\n");
		assertThat(Files.readString(archive)).isEqualTo("keep");
	}

}
