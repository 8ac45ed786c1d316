package org.backplane.service.source.nodes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.backplane.service.source.NodeSource;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NodesSourceComponentTests {

	private final NodesSourceComponentFactory factory = new NodesSourceComponentFactory();

	@TempDir
	Path temp;

	@Test
	void bindsNodesStrategyAndHooksFromConfigurationKeys() {
		Map<String, String> keys = new HashMap<>();
		keys.put("c.type", "nodes");
		keys.put("c.nodes[0]", "/data/n0");
		keys.put("c.nodes[1]", "/data/n1");
		keys.put("c.strategy", "parallel");
		keys.put("c.hooks.before-backup", "nodetool,snapshot,-t,{SNAPSHOT_NAME}");
		keys.put("c.hooks.timeout", "30s");
		NodesSourceProperties properties = new Binder(new MapConfigurationPropertySource(keys)).bindOrCreate("c",
				NodesSourceProperties.class);
		assertThat(properties.hooks().beforeBackup()).containsExactly("nodetool", "snapshot", "-t", "{SNAPSHOT_NAME}");
		assertThat(properties.hooks().timeout()).hasSeconds(30);
		NodeSource source = (NodeSource) this.factory.create("c", properties);
		assertThat(source.nodeCount()).isEqualTo(2);
		assertThat(source.parallel()).isTrue();
		NodesSourceProperties defaults = new Binder(
				new MapConfigurationPropertySource(Map.of("c.type", "nodes", "c.nodes[0]", "/data/n0")))
			.bindOrCreate("c", NodesSourceProperties.class);
		assertThat(defaults.strategy()).isEqualTo("serial");
		assertThat(defaults.restorePolicy()).isEqualTo(RestorePolicy.FAIL_IF_EXISTS);
		assertThat(defaults.hooks().timeout()).hasMinutes(10);
	}

	@Test
	void refusesBadConfigurationNamingTheKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.factory.create("c", properties(List.of(), "serial")))
			.withMessageContaining("backplane.components.c.nodes must list");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("c", properties(List.of(Path.of("relative")), "serial")))
			.withMessageContaining("nodes[0] must be an absolute folder");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("c", properties(List.of(Path.of("/a"), Path.of("/a/b")), "serial")))
			.withMessageContaining("nodes[1]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.factory.create("c", properties(List.of(Path.of("/a")), "canary")))
			.withMessageContaining("strategy must be serial or parallel");
	}

	@Test
	void nodeArchiveRestoresByteIdentical() throws IOException {
		Path node = this.temp.resolve("n0");
		byte[] data = new byte[300_000];
		new Random(7).nextBytes(data);
		Files.createDirectories(node.resolve("ks/table"));
		Files.write(node.resolve("ks/table/data.db"), data);
		Files.writeString(node.resolve("schema.cql"), "CREATE KEYSPACE ks;");
		NodeSource source = source(List.of(node));
		assertThat(source.enumerateNode(0)).isEqualTo(new SourceComponent.Totals(2, data.length + 19));
		ByteArrayOutputStream archive = new ByteArrayOutputStream();
		source.backupNode(0, archive, SourceComponent.Progress.NONE);

		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> source.checkRestoreNode(0, RestorePolicy.FAIL_IF_EXISTS))
			.withMessageContaining("Node 0 of component 'c'")
			.withMessageContaining("is not empty")
			.withMessageContaining("policy overwrite");
		source.prepareRestoreNode(0, RestorePolicy.OVERWRITE);
		assertThat(node).isEmptyDirectory();
		source.restoreNode(0, new ByteArrayInputStream(archive.toByteArray()), SourceComponent.Progress.NONE);
		assertThat(Files.readAllBytes(node.resolve("ks/table/data.db"))).isEqualTo(data);
		assertThat(node.resolve("schema.cql")).hasContent("CREATE KEYSPACE ks;");
		assertThat(source.listFiles(0)).extracting(NodeSource.NodeFile::path)
			.containsExactly("ks/table/data.db", "schema.cql");
	}

	@Test
	void restoreRefusesArchiveEntriesLeavingTheFolderAndLinks() throws IOException {
		NodeSource source = source(List.of(this.temp.resolve("n0")));
		source.prepareRestoreNode(0, RestorePolicy.FAIL_IF_EXISTS);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> source.restoreNode(0, new ByteArrayInputStream(archive("./../evil.txt", null)),
					SourceComponent.Progress.NONE))
			.withMessageContaining("leaves the folder");
		assertThat(this.temp.resolve("evil.txt")).doesNotExist();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> source.restoreNode(0, new ByteArrayInputStream(archive("link", "/etc/passwd")),
					SourceComponent.Progress.NONE))
			.withMessageContaining("neither a file nor a folder");
		assertThat(this.temp.resolve("n0/link")).doesNotExist();
	}

	private static byte[] archive(String name, String linkTarget) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
				new java.util.zip.GZIPOutputStream(bytes))) {
			org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
			if (linkTarget != null) {
				entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name,
						org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
				entry.setLinkName(linkTarget);
				tar.putArchiveEntry(entry);
			}
			else {
				entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
				entry.setSize(3);
				tar.putArchiveEntry(entry);
				tar.write(new byte[] { 1, 2, 3 });
			}
			tar.closeArchiveEntry();
		}
		return bytes.toByteArray();
	}

	@Test
	void writeFileRefusesPathsLeavingTheFolder() throws IOException {
		NodeSource source = source(List.of(this.temp.resolve("n0")));
		source.prepareRestoreNode(0, RestorePolicy.FAIL_IF_EXISTS);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> source.writeFile(0, "../escape", new ByteArrayInputStream(new byte[1])))
			.withMessageContaining("leaves the folder");
		assertThat(source.writeFile(0, "a/b.txt", new ByteArrayInputStream(new byte[] { 1, 2 }))).isEqualTo(2);
		assertThat(this.temp.resolve("n0/a/b.txt")).hasBinaryContent(new byte[] { 1, 2 });
	}

	@Test
	void hooksRunAsArgvWithPlaceholdersAndFailWithTheirStderrTail() throws IOException {
		Path node = this.temp.resolve("n1");
		Files.createDirectories(node);
		Path marker = this.temp.resolve("marker");
		NodeHooks hooks = new NodeHooks("c",
				Map.of(NodeSource.Hook.BEFORE_BACKUP,
						List.of("sh", "-c", "echo \"$1 $2 $3\" > " + marker, "hook", "{SNAPSHOT_NAME}", "{NODE_INDEX}",
								"{NODE_PATH}"),
						NodeSource.Hook.AFTER_BACKUP,
						List.of("sh", "-c", "echo first line >&2; echo disk full >&2; exit 3")),
				java.time.Duration.ofSeconds(20));
		assertThat(hooks.run(NodeSource.Hook.BEFORE_BACKUP, 1, node, "snap-1")).contains("before-backup");
		assertThat(marker).hasContent("snap-1 1 " + node);
		assertThat(hooks.run(NodeSource.Hook.BEFORE_RESTORE, 1, node, "snap-1")).isNull();
		assertThatExceptionOfType(NodeSource.HookFailedException.class)
			.isThrownBy(() -> hooks.run(NodeSource.Hook.AFTER_BACKUP, 1, node, "snap-1"))
			.withMessage("Hook after-backup of node 1 exited with 3: first line disk full");
	}

	@Test
	void hookThatOutlivesItsTimeoutIsKilled() {
		NodeHooks hooks = new NodeHooks("c", Map.of(NodeSource.Hook.BEFORE_RESTORE, List.of("sleep", "30")),
				java.time.Duration.ofMillis(300));
		assertThatExceptionOfType(NodeSource.HookFailedException.class)
			.isThrownBy(() -> hooks.run(NodeSource.Hook.BEFORE_RESTORE, 0, this.temp, "s"))
			.withMessageContaining("did not end within PT0.3S and was killed");
	}

	private NodeSource source(List<Path> nodes) {
		return (NodeSource) this.factory.create("c", properties(nodes, "serial"));
	}

	private static NodesSourceProperties properties(List<Path> nodes, String strategy) {
		return new NodesSourceProperties("nodes", nodes, strategy, RestorePolicy.FAIL_IF_EXISTS, null);
	}

}
