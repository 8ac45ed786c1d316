package org.backplane.zookeeper;

import java.io.IOException;
import java.util.List;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZooKeeperArchiveTests {

	@Test
	void namesStartingWithADotGetOneMoreSoTheyCannotClashWithMetaAndData() throws IOException {
		assertThat(ZooKeeperArchive.directory("")).isEqualTo("znodes/");
		assertThat(ZooKeeperArchive.directory("a/.meta/..x/b c")).isEqualTo("znodes/a/..meta/...x/b c/");
		for (String relative : List.of("", "a", ".meta", ".data/x", "...", "日本/Ω ü/:@%#\\'\"", "a/b/c/d/e/f/g/h/i")) {
			assertThat(ZooKeeperArchive.relativePath(ZooKeeperArchive.directory(relative))).isEqualTo(relative);
		}
	}

	@Test
	void rejectsEntryNamesThatWouldLeaveTheTarget() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> ZooKeeperArchive.relativePath("znodes/a//b/"));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> ZooKeeperArchive.relativePath("other/a/"));
		// "..." unescapes to "..", which is no znode name
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> ZooKeeperArchive.relativePath("znodes/a/.../"));
	}

	@Test
	void metadataRecordRoundTripsModeAclAndNullData() throws IOException {
		Stat stat = new Stat(1, 2, 3, 4, 5, 6, 7, 0, 0, 2, 8);
		List<ACL> acl = List.of(new ACL(Perms.READ, new Id("world", "anyone")),
				new ACL(Perms.ALL, new Id("digest", "bob:abc=")),
				new ACL(Perms.READ | Perms.WRITE, new Id("ip", "::1")));
		ZnodeRecord node = new ZnodeRecord("x/y", "/r/x/y", CreateMode.PERSISTENT_WITH_TTL, 60000, acl, false, 0, stat);
		ZnodeRecord parsed = ZooKeeperArchive.parseMeta("x/y", ZooKeeperArchive.meta(node));
		assertThat(parsed.mode()).isEqualTo(CreateMode.PERSISTENT_WITH_TTL);
		assertThat(parsed.ttl()).isEqualTo(60000);
		assertThat(parsed.acl()).isEqualTo(acl);
		assertThat(parsed.hasData()).isFalse();
		assertThat(parsed.sourcePath()).isEqualTo("/r/x/y");
		assertThat(parsed.stat().getNumChildren()).isEqualTo(2);
		assertThat(parsed.stat().getMzxid()).isEqualTo(2);
	}

	@Test
	void parsesAclsInBothNotations() {
		assertThat(ZooKeeperArchive.parseAcl("cdrwa world:anyone"))
			.isEqualTo(new ACL(Perms.ALL, new Id("world", "anyone")));
		assertThat(ZooKeeperArchive.parseAcl("digest:bob:xyz=:r"))
			.isEqualTo(new ACL(Perms.READ, new Id("digest", "bob:xyz=")));
		assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperArchive.parseAcl("world:anyone:q"))
			.withMessageContaining("cdrwa");
	}

	@Test
	void excludesCoverTheirSubtreeOnlyAndAlwaysZookeeper() {
		ZnodePaths paths = ZnodePaths.excluding(List.of("/m/leader/"));
		assertThat(paths.isExcluded("/m/leader")).isTrue();
		assertThat(paths.isExcluded("/m/leader/x")).isTrue();
		assertThat(paths.isExcluded("/m/leader-curator")).isFalse();
		assertThat(paths.isExcluded("/zookeeper/quota")).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> ZnodePaths.excluding(List.of("relative")))
			.withMessageContaining("exclude");
	}

}
