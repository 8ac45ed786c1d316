package org.backplane.service.storage.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageProviderContractTests;
import org.backplane.service.storage.StorageReachability;
import org.backplane.service.storage.StorageUnfinishedWrites;
import org.backplane.service.testsupport.StuckStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The storage contract and the file adapter's own rules, on a temporary directory.
 */
class FileStorageProviderTests extends StorageProviderContractTests {

	@TempDir
	Path temp;

	private Path root;

	@Override
	protected StorageProvider createProvider() {
		this.root = this.temp.resolve("store");
		return new FileStorageProviderFactory(true)
			.create(new StorageLocation("test", URI.create(this.root.toUri().toString())));
	}

	@Override
	protected void assertNoLeftovers() throws IOException {
		Path tempDir = this.root.resolve(FileStorageProvider.TEMP_DIR);
		if (Files.exists(tempDir)) {
			try (Stream<Path> files = Files.list(tempDir)) {
				assertThat(files).isEmpty();
			}
		}
	}

	@Test
	void objectsAreFilesUnderTheRoot() throws IOException {
		put("a/b/c.txt", "hello");
		assertThat(this.root.resolve("a/b/c.txt")).hasContent("hello");
	}

	@Test
	void deletingTheLastObjectPrunesEmptyFoldersButNotTheRoot() throws IOException {
		put("a/b/c/one", "1");
		put("a/two", "2");
		this.provider.delete("a/b/c/one");
		assertThat(this.root.resolve("a/b")).doesNotExist();
		assertThat(this.root.resolve("a/two")).exists();
		this.provider.delete("a/two");
		assertThat(this.root.resolve("a")).doesNotExist();
		assertThat(this.root).isDirectory();
	}

	@Test
	void temporaryFolderIsReservedAndNeverListed() throws IOException {
		put("x", "1");
		Files.createDirectories(this.root.resolve(FileStorageProvider.TEMP_DIR));
		Files.writeString(this.root.resolve(FileStorageProvider.TEMP_DIR).resolve("in-progress.tmp"), "partial");
		assertThat(list("").stream().map(KeyAndSize::key)).containsExactly("x");
		assertThat(list(".backplane")).isEmpty();
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> this.provider.put(FileStorageProvider.TEMP_DIR + "/y", new ByteArrayInputStream(new byte[0])))
			.withMessageContaining("reserved");
	}

	@Test
	void whatAPutThatNeverEndedLeftIsFoundAndRemovedByFolder() throws Exception {
		StorageUnfinishedWrites unfinished = (StorageUnfinishedWrites) this.provider;
		assertThat(unfinished.foldersWithUnfinishedWrites()).isEmpty();
		// a put stuck mid-stream stands for one whose process was killed: its temporary
		// file stays until its folder's unfinished writes are removed
		StuckStream stuck = new StuckStream();
		Thread put = new Thread(() -> {
			try {
				this.provider.put("backups/killed-1/big.tar", stuck);
			}
			catch (IOException ex) {
				// expected: the stream fails once released
			}
		});
		put.start();
		assertThat(stuck.awaitWriting()).isTrue();
		put("backups/other-1/done.tar", "done");
		assertThat(unfinished.foldersWithUnfinishedWrites()).containsExactly("backups/killed-1/");
		assertThat(unfinished.removeUnfinishedWrites("backups/other-1/")).isZero();
		assertThat(unfinished.removeUnfinishedWrites("backups/killed-1/")).isEqualTo(1);
		assertThat(unfinished.foldersWithUnfinishedWrites()).isEmpty();
		assertNoLeftovers();
		stuck.release();
		put.join(10_000);
		assertThat(list("").stream().map(KeyAndSize::key)).containsExactly("backups/other-1/done.tar");
	}

	@Test
	void keyThatIsAlsoAFolderIsRefusedWithAClearMessage() throws IOException {
		put("obj", "1");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> put("obj/child", "2"))
			.withMessageContaining("obj/child")
			.withMessageContaining("not a folder");
		assertNoLeftovers();
	}

	@Test
	void listingAMissingRootIsEmptyAndTheRootIsCreatedOnFirstWrite() throws IOException {
		assertThat(this.root).doesNotExist();
		assertThat(list("")).isEmpty();
		put("first", "1");
		assertThat(this.root.resolve("first")).exists();
	}

	@Test
	void reachabilityNeedsAWritableDirectory() throws IOException {
		assertThatNoException().isThrownBy(((StorageReachability) this.provider)::checkReachable);
		Path file = Files.writeString(this.temp.resolve("plain-file"), "x");
		StorageProvider onFile = new FileStorageProviderFactory(false)
			.create(new StorageLocation("f", file.resolve("sub").toUri()));
		assertThatExceptionOfType(IOException.class).isThrownBy(((StorageReachability) onFile)::checkReachable);
	}

	@Test
	void describeIsTheLocationUri() {
		assertThat(this.provider.describe()).isEqualTo("file://" + this.root);
	}

	@Test
	void factoryRejectsRelativePathsHostsAndParameters() {
		FileStorageProviderFactory factory = new FileStorageProviderFactory(true);
		assertThat(factory.schemes()).containsExactly("file");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create(location("file:relative/dir")))
			.withMessageContaining("absolute path");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create(location("file://host/dir")))
			.withMessageContaining("must not name a host");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("file:///var/backups?fsync=false&secret_key=hunter2")))
			.withMessageContaining("Unknown parameter(s)")
			.withMessageContaining("fsync, secret_key")
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create(location("file:///var/../etc")))
			.withMessageContaining("'..'");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create(location("file:///")))
			.withMessageContaining("root");
		assertThatNoException().isThrownBy(() -> factory.create(location("file:///var/lib/backplane")));
		assertThatNoException().isThrownBy(() -> factory.create(location("file://localhost/var/lib/backplane")));
	}

	@Test
	void objectsTheirFoldersAndTemporaryFilesAreTheOwnersOnlyByDefault() throws IOException {
		List<Set<PosixFilePermission>> temporary = new ArrayList<>();
		this.provider.put("a/b/c.txt", observingTemporaryFiles(temporary));
		assertThat(temporary).as("the temporary file while it is written").containsExactly(mode("rw-------"));
		assertThat(Files.getPosixFilePermissions(this.root.resolve("a/b/c.txt"))).isEqualTo(mode("rw-------"));
		for (String folder : List.of("", "a", "a/b", FileStorageProvider.TEMP_DIR)) {
			assertThat(Files.getPosixFilePermissions(this.root.resolve(folder))).as(folder)
				.isEqualTo(mode("rwx------"));
		}
	}

	@Test
	void aWiderModeGivesTheGroupAccess() throws IOException {
		Path wide = this.temp.resolve("wide/store");
		StorageProvider provider = new FileStorageProviderFactory(true, FileModes.parse("0640"))
			.create(new StorageLocation("wide", wide.toUri()));
		List<Set<PosixFilePermission>> temporary = new ArrayList<>();
		provider.put("x/y", observingTemporaryFiles(temporary));
		assertThat(temporary).containsExactly(mode("rw-r-----"));
		assertThat(Files.getPosixFilePermissions(wide.resolve("x/y"))).isEqualTo(mode("rw-r-----"));
		for (Path folder : List.of(wide.getParent(), wide, wide.resolve("x"),
				wide.resolve(FileStorageProvider.TEMP_DIR))) {
			assertThat(Files.getPosixFilePermissions(folder)).as(folder.toString()).isEqualTo(mode("rwxr-x---"));
		}
	}

	@Test
	void existingFoldersKeepTheirModes() throws IOException {
		Files.createDirectories(this.root.resolve("kept"));
		Files.setPosixFilePermissions(this.root, mode("rwxr-xr-x"));
		Files.setPosixFilePermissions(this.root.resolve("kept"), mode("rwxr-x---"));
		put("kept/object", "1");
		assertThat(Files.getPosixFilePermissions(this.root)).isEqualTo(mode("rwxr-xr-x"));
		assertThat(Files.getPosixFilePermissions(this.root.resolve("kept"))).isEqualTo(mode("rwxr-x---"));
		assertThat(Files.getPosixFilePermissions(this.root.resolve("kept/object"))).isEqualTo(mode("rw-------"));
	}

	@Test
	void modesGiveOnlyTheOwnersAndTheGroupsBits() {
		assertThat(FileModes.parse("0600")).isEqualTo(FileModes.OWNER_ONLY);
		assertThat(FileModes.parse("640")).isEqualTo(new FileModes(mode("rw-r-----"), mode("rwxr-x---")));
		assertThat(FileModes.parse(" 0660 ")).isEqualTo(new FileModes(mode("rw-rw----"), mode("rwxrwx---")));
		assertThat(FileModes.parse("0700")).isEqualTo(new FileModes(mode("rwx------"), mode("rwx------")));
		for (String refused : List.of("0644", "0666", "0602", "0601", "0400", "0200", "1640", "0800", "rw-r-----", "",
				"06400")) {
			assertThatIllegalArgumentException().as(refused)
				.isThrownBy(() -> FileModes.parse(refused))
				.withMessageStartingWith("backplane.storage.file.mode must");
		}
	}

	private InputStream observingTemporaryFiles(List<Set<PosixFilePermission>> modes) {
		return new ByteArrayInputStream("content".getBytes()) {

			private boolean observed;

			@Override
			public synchronized int read(byte[] buffer, int offset, int length) {
				if (!this.observed) {
					this.observed = true;
					observe();
				}
				return super.read(buffer, offset, length);
			}

			@Override
			public int read(byte[] buffer) throws IOException {
				return read(buffer, 0, buffer.length);
			}

			private void observe() {
				try (Stream<Path> files = Files.walk(FileStorageProviderTests.this.temp)) {
					for (Path file : files
						.filter((path) -> path.getParent().getFileName() != null
								&& path.getParent().getFileName().toString().equals(FileStorageProvider.TEMP_DIR))
						.toList()) {
						modes.add(Files.getPosixFilePermissions(file));
					}
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}

		};
	}

	private static Set<PosixFilePermission> mode(String symbolic) {
		return PosixFilePermissions.fromString(symbolic);
	}

	private static StorageLocation location(String uri) {
		return new StorageLocation("test", URI.create(uri), Map.of());
	}

}
