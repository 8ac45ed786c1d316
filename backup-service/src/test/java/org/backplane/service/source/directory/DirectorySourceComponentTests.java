package org.backplane.service.source.directory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponent.Progress;
import org.backplane.service.source.SourceComponent.RestoreOptions;
import org.backplane.service.source.SourceComponent.Totals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class DirectorySourceComponentTests {

	private static final RestoreOptions FAIL_IF_EXISTS = new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS);

	private static final RestoreOptions OVERWRITE = new RestoreOptions(RestorePolicy.OVERWRITE);

	private final DirectorySourceComponentFactory factory = new DirectorySourceComponentFactory();

	@TempDir
	Path temp;

	@ParameterizedTest
	@ValueSource(longs = { 1, 42, 20261121 })
	void restoresRandomTreeByteIdenticalWithModesAndTimes(long seed) throws IOException {
		Path source = this.temp.resolve("data");
		long[] created = DirectoryTrees.createRandomTree(source, seed, 2000);
		SourceComponent component = component(source);
		Totals totals = component.enumerate();
		assertThat(totals).isEqualTo(new Totals(created[0] + DirectoryTrees.links(2000), created[1]));
		CountingProgress backupProgress = new CountingProgress();
		byte[] artifact = backup(component, backupProgress);
		assertThat(backupProgress.items.get()).isEqualTo(totals.items());
		assertThat(backupProgress.bytes.get()).isEqualTo(totals.bytes());
		Path expected = Files.move(source, this.temp.resolve("expected"));
		CountingProgress restoreProgress = new CountingProgress();
		component.restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, restoreProgress);
		DirectoryTrees.assertSameTree(expected, source);
		assertThat(restoreProgress.items.get()).isEqualTo(totals.items());
		assertThat(restoreProgress.bytes.get()).isEqualTo(totals.bytes());
	}

	@Test
	void levelZeroStoresWithoutCompressingAndRestoresLikeAnyOther() throws IOException {
		Path source = this.temp.resolve("data");
		Files.createDirectories(source);
		byte[] text = "the same line, over and over\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
		Files.write(source.resolve("log.txt"), text);
		SourceComponent stored = this.factory.create("test",
				new DirectorySourceProperties("directory", List.of(source), RestorePolicy.FAIL_IF_EXISTS, 0));
		byte[] artifact = backup(stored, Progress.NONE);
		byte[] compressed = backup(component(source), Progress.NONE);
		// A gzip stream (magic bytes) whose blocks are stored: larger than the content,
		// where level 6 shrinks it
		assertThat(artifact[0] & 0xff).isEqualTo(0x1f);
		assertThat(artifact[1] & 0xff).isEqualTo(0x8b);
		assertThat(artifact.length).isGreaterThan(text.length);
		assertThat(compressed.length).isLessThan(text.length / 20);
		Path expected = Files.move(source, this.temp.resolve("expected"));
		stored.restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, Progress.NONE);
		DirectoryTrees.assertSameTree(expected, source);
	}

	@Test
	void artifactWithStoredContentIsReadByGnuTar() throws IOException, InterruptedException {
		Path source = this.temp.resolve("data");
		Files.createDirectories(source.resolve("sub"));
		// Random content beyond the first judged window goes as stored blocks; the text
		// file is compressed
		byte[] random = new byte[3 * AdaptiveGzipOutputStream.WINDOW];
		new Random(3).nextBytes(random);
		Files.write(source.resolve("sub/random.bin"), random);
		String text = "a line of text\n".repeat(1000);
		Files.writeString(source.resolve("notes.txt"), text);
		Path artifact = this.temp.resolve("artifact.tar.gz");
		Files.write(artifact, backup(component(source), Progress.NONE));
		Path out = Files.createDirectory(this.temp.resolve("out"));
		Process tar = new ProcessBuilder("tar", "xzf", artifact.toString(), "-C", out.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(tar.waitFor()).as(output).isZero();
		// GNU tar names the vendor key it does not know (once per entry that has one),
		// and nothing else
		assertThat(output.lines())
			.allMatch((line) -> line.equals("tar: Ignoring unknown extended header keyword 'BACKPLANE.mtime'"), output);
		assertThat(Files.readAllBytes(out.resolve("0/sub/random.bin"))).isEqualTo(random);
		assertThat(Files.readString(out.resolve("0/notes.txt"))).isEqualTo(text);
		assertThat(out.resolve("backplane-directory.properties")).isRegularFile();
	}

	@Test
	void restoresIntoExistingEmptyDirectory() throws IOException {
		Path source = this.temp.resolve("data");
		DirectoryTrees.createRandomTree(source, 7, 50);
		SourceComponent component = component(source);
		byte[] artifact = backup(component, Progress.NONE);
		Path expected = Files.move(source, this.temp.resolve("expected"));
		Files.createDirectory(source);
		component.checkRestore(FAIL_IF_EXISTS);
		component.restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, Progress.NONE);
		DirectoryTrees.assertSameTree(expected, source);
	}

	@Test
	void backsUpAndRestoresSeveralDirectories() throws IOException {
		Path first = this.temp.resolve("node-1/snapshots");
		Path second = this.temp.resolve("node-2/snapshots");
		DirectoryTrees.createRandomTree(first, 1, 100);
		DirectoryTrees.createRandomTree(second, 2, 100);
		SourceComponent component = component(first, second);
		byte[] artifact = backup(component, Progress.NONE);
		Path expectedFirst = Files.move(first, this.temp.resolve("expected-1"));
		Path expectedSecond = Files.move(second, this.temp.resolve("expected-2"));
		Files.createDirectory(first);
		component.restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, Progress.NONE);
		DirectoryTrees.assertSameTree(expectedFirst, first);
		DirectoryTrees.assertSameTree(expectedSecond, second);
	}

	@Test
	void failIfExistsRefusesNonEmptyTargetAndLeavesItUntouched() throws IOException {
		Path source = this.temp.resolve("data");
		DirectoryTrees.createRandomTree(source, 3, 50);
		SourceComponent component = component(source);
		byte[] artifact = backup(component, Progress.NONE);
		Path snapshot = this.temp.resolve("snapshot");
		copyTree(source, snapshot);
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> component.checkRestore(FAIL_IF_EXISTS))
			.withMessageContaining(source.toString())
			.withMessageContaining("empty the directory")
			.withMessageContaining("overwrite");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> component.restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, Progress.NONE));
		DirectoryTrees.assertSameTree(snapshot, source);
	}

	@Test
	void whatAnInterruptedRestoreLeftIsNoDataAndIsRemovedByTheNextRestore() throws IOException {
		Path source = this.temp.resolve("data");
		DirectoryTrees.createRandomTree(source, 5, 20);
		byte[] artifact = backup(component(source), Progress.NONE);
		// a restore killed mid-way into an empty target path left its staging directory
		Path target = this.temp.resolve("elsewhere");
		Path leftover = target
			.resolve(DirectorySourceComponent.STAGING_PREFIX + "0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77");
		Files.createDirectories(leftover.resolve("half/written"));
		Files.writeString(leftover.resolve("half/written/file"), "partial");
		SourceComponent component = component(source);
		RestoreOptions intoTarget = new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, target.toString());
		component.checkRestore(intoTarget);
		component.restore(new ByteArrayInputStream(artifact), intoTarget, Progress.NONE);
		assertThat(leftover).doesNotExist();
		DirectoryTrees.assertSameTree(source, target);
		// a target holding data is refused without suggesting what a target path forbids
		assertThatExceptionOfType(RestoreRefusedException.class).isThrownBy(() -> component.checkRestore(intoTarget))
			.withMessageContaining("another (empty or new) target path")
			.withMessageNotContaining("overwrite");
	}

	@Test
	void whatAnInterruptedRestoreLeftIsRemovedWhenItIsReapedAndDataIsKept() throws IOException {
		Path own = this.temp.resolve("own");
		Path target = this.temp.resolve("reaped");
		Path leftover = target
			.resolve(DirectorySourceComponent.STAGING_PREFIX + "5b0f2a9e-6a8e-4c47-9a70-1c2d3e4f5a6b");
		Files.createDirectories(leftover.resolve("half"));
		Files.writeString(leftover.resolve("half/file"), "partial");
		Files.writeString(target.resolve("kept.txt"), "kept");
		SourceComponent component = component(own);
		component.removeRestoreLeftovers(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, target.toString()));
		assertThat(leftover).doesNotExist();
		assertThat(target.resolve("kept.txt")).hasContent("kept");
		// nothing to remove: a target that does not exist, the component's own directory
		component.removeRestoreLeftovers(new RestoreOptions(RestorePolicy.OVERWRITE, null));
		component.removeRestoreLeftovers(
				new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, this.temp.resolve("never").toString()));
		assertThat(this.temp.resolve("never")).doesNotExist();
	}

	@Test
	void failIfExistsRefusesWhenAnyOfSeveralTargetsIsNotEmpty() throws IOException {
		Path first = this.temp.resolve("a");
		Path second = this.temp.resolve("b");
		Files.createDirectories(first);
		Files.createDirectories(second);
		Files.writeString(second.resolve("kept.txt"), "kept");
		SourceComponent component = component(first, second);
		byte[] artifact = backup(component, Progress.NONE);
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> component.checkRestore(FAIL_IF_EXISTS))
			.withMessageContaining(second.toString());
		assertThat(DirectoryTrees.list(first)).containsOnlyKeys("");
		assertThat(artifact).isNotEmpty();
	}

	@Test
	void overwriteReplacesContent() throws IOException {
		Path source = this.temp.resolve("data");
		DirectoryTrees.createRandomTree(source, 11, 100);
		SourceComponent component = component(source);
		byte[] artifact = backup(component, Progress.NONE);
		Path expected = this.temp.resolve("expected");
		copyTree(source, expected);
		// Change the content: new files, a read-only directory, a link, a changed file
		Files.createDirectories(source.resolve("new/dir"));
		Files.writeString(source.resolve("new/dir/file"), "new");
		Files.setAttribute(source.resolve("new"), "unix:mode", 0555);
		Files.createSymbolicLink(source.resolve("new-link"), Path.of("/etc"));
		Files.writeString(source.resolve("extra.txt"), "extra");
		component.checkRestore(OVERWRITE);
		component.restore(new ByteArrayInputStream(artifact), OVERWRITE, Progress.NONE);
		DirectoryTrees.assertSameTree(expected, source);
	}

	@Test
	void failureAtEndOfStreamLeavesTargetUntouched() throws IOException {
		// The runner's SHA-256 check fails at the end of the stream: nothing may have
		// been replaced by then
		Path source = this.temp.resolve("data");
		DirectoryTrees.createRandomTree(source, 13, 50);
		SourceComponent component = component(source);
		byte[] artifact = backup(component, Progress.NONE);
		Files.writeString(source.resolve("newer.txt"), "newer");
		Path snapshot = this.temp.resolve("snapshot");
		copyTree(source, snapshot);
		InputStream failingAtEnd = new FilterInputStream(new ByteArrayInputStream(artifact)) {

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				int read = super.read(b, off, len);
				if (read < 0) {
					throw new IOException("SHA-256 mismatch");
				}
				return read;
			}

		};
		assertThatIOException().isThrownBy(() -> component.restore(failingAtEnd, OVERWRITE, Progress.NONE))
			.withMessageContaining("SHA-256 mismatch");
		DirectoryTrees.assertSameTree(snapshot, source);
	}

	@Test
	void overwritesReadOnlyDirectoryRestoredFromReadOnlyRoot() throws IOException {
		Path source = this.temp.resolve("data");
		Files.createDirectories(source.resolve("sub"));
		Files.writeString(source.resolve("sub/file"), "content");
		Files.setAttribute(source.resolve("sub"), "unix:mode", 0555);
		Files.setAttribute(source, "unix:mode", 0555);
		SourceComponent component = component(source);
		byte[] artifact = backup(component, Progress.NONE);
		Path expected = this.temp.resolve("expected");
		copyTree(source, expected);
		component.restore(new ByteArrayInputStream(artifact), OVERWRITE, Progress.NONE);
		DirectoryTrees.assertSameTree(expected, source);
		component.restore(new ByteArrayInputStream(artifact), OVERWRITE, Progress.NONE);
		DirectoryTrees.assertSameTree(expected, source);
	}

	@Test
	void restoresSingleDirectoryIntoTargetPath() throws IOException {
		Path source = this.temp.resolve("data");
		DirectoryTrees.createRandomTree(source, 5, 100);
		SourceComponent component = component(source);
		byte[] artifact = backup(component, Progress.NONE);
		Path elsewhere = this.temp.resolve("elsewhere/restored");
		component.restore(new ByteArrayInputStream(artifact),
				new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, elsewhere.toString()), Progress.NONE);
		DirectoryTrees.assertSameTree(source, elsewhere);
	}

	@Test
	void refusesOverwriteIntoOtherTargetPathAndTargetPathForSeveralDirectories() throws IOException {
		Path elsewhere = this.temp.resolve("elsewhere");
		SourceComponent single = component(this.temp.resolve("a"));
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> single.checkRestore(new RestoreOptions(RestorePolicy.OVERWRITE, elsewhere.toString())))
			.withMessageContaining("overwrite");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> single.checkRestore(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, "relative/dir")))
			.withMessageContaining("absolute");
		SourceComponent several = component(this.temp.resolve("a"), this.temp.resolve("b"));
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(
					() -> several.checkRestore(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, elsewhere.toString())))
			.withMessageContaining("one directory");
	}

	@Test
	void checksOptionsAloneWithoutTouchingTheTarget() throws IOException {
		Path own = this.temp.resolve("a");
		Path elsewhere = this.temp.resolve("elsewhere");
		SourceComponent single = component(own);
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> single.checkOptions(new RestoreOptions(RestorePolicy.OVERWRITE, elsewhere.toString())))
			.withMessageContaining("overwrite");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> single.checkOptions(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, "relative/dir")))
			.withMessageContaining("absolute");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> single.checkOptions(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, "/")))
			.withMessageContaining("other than '/'");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> single.checkOptions(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, "/tmp/a\0b")))
			.withMessageContaining("not a valid path")
			.withMessageContaining("\\u0000");
		SourceComponent several = component(own, this.temp.resolve("b"));
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(
					() -> several.checkOptions(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, elsewhere.toString())))
			.withMessageContaining("one directory");
		single.checkOptions(new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, elsewhere.toString()));
		single.checkOptions(new RestoreOptions(RestorePolicy.OVERWRITE, own.toString()));
		assertThat(elsewhere).doesNotExist();
	}

	@Test
	void backupRefusesLinkPointingOutside() throws IOException {
		Path source = this.temp.resolve("data");
		Files.createDirectories(source.resolve("sub"));
		Files.createSymbolicLink(source.resolve("sub/escape"), Path.of("../../outside"));
		assertThatIOException().isThrownBy(() -> backup(component(source), Progress.NONE))
			.withMessageContaining(source.resolve("sub/escape").toString())
			.withMessageContaining("outside");
	}

	@Test
	void backupRefusesLinkThatEscapesThroughAnotherLink() throws IOException {
		Path source = this.temp.resolve("data");
		Files.createDirectories(source);
		Files.createSymbolicLink(source.resolve("self"), Path.of("."));
		// Lexically data/self/.. is data, but the system resolves self first: data/.. is
		// outside
		Files.createSymbolicLink(source.resolve("tricky"), Path.of("self/.."));
		assertThatIOException().isThrownBy(() -> backup(component(source), Progress.NONE))
			.withMessageContaining("tricky");
	}

	@Test
	void backupFailsClearlyWhenFileShrinks() throws IOException {
		Path source = this.temp.resolve("data");
		Files.createDirectories(source);
		Path big = source.resolve("big.bin");
		Files.write(big, new byte[1024 * 1024]);
		Progress truncating = (items, bytes) -> {
			try {
				Files.write(big, new byte[10]);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		};
		assertThatIOException().isThrownBy(() -> backup(component(source), truncating))
			.withMessageContaining(big.toString())
			.withMessageContaining("shrank");
	}

	@Test
	void backupSkipsStagingOfUnfinishedRestore() throws IOException {
		Path source = this.temp.resolve("data");
		Files.createDirectories(source.resolve(DirectorySourceComponent.STAGING_PREFIX + "leftover/sub"));
		Files.writeString(source.resolve(DirectorySourceComponent.STAGING_PREFIX + "leftover/sub/file"), "half");
		Files.writeString(source.resolve("kept.txt"), "kept");
		SourceComponent component = component(source);
		assertThat(component.enumerate()).isEqualTo(new Totals(1, 4));
		byte[] artifact = backup(component, Progress.NONE);
		Path target = this.temp.resolve("target");
		component(target).restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, Progress.NONE);
		assertThat(DirectoryTrees.list(target)).containsOnlyKeys("", "kept.txt");
	}

	@Test
	void backupFailsWhenDirectoryIsMissing() {
		Path missing = this.temp.resolve("missing");
		assertThatIOException().isThrownBy(() -> backup(component(missing), Progress.NONE))
			.withMessageContaining(missing.toString())
			.withMessageContaining("does not exist");
	}

	@Test
	void rejectsEntryWithParentSegment() throws IOException {
		assertCraftedArchiveRejected("0/../escaped", (tar) -> file(tar, "0/../escaped", "x"));
	}

	@Test
	void rejectsAbsoluteEntry() throws IOException {
		String absolute = this.temp.resolve("outside/absolute").toString();
		assertCraftedArchiveRejected(absolute, (tar) -> file(tar, absolute, "x"));
	}

	@Test
	void rejectsEntryOutsideConfiguredIndexes() throws IOException {
		assertCraftedArchiveRejected("1/file", (tar) -> file(tar, "1/file", "x"));
	}

	@Test
	void rejectsSymbolicLinkPointingOutside() throws IOException {
		assertCraftedArchiveRejected("0/sub/up", (tar) -> {
			directory(tar, "0/sub/");
			symlink(tar, "0/sub/up", "../../outside");
		});
	}

	@Test
	void rejectsAbsoluteSymbolicLinkPointingOutside() throws IOException {
		String outside = this.temp.resolve("outside").toString();
		assertCraftedArchiveRejected("0/abs", (tar) -> symlink(tar, "0/abs", outside));
	}

	@Test
	void rejectsChainOfSymbolicLinksThatLeavesTheDirectory() throws IOException {
		// each link looks inside on its own: b -> a/.. is the root itself, read
		// lexically;
		// but a -> . makes a/.. the target's parent, and c goes on from there
		assertCraftedArchiveRejected("0/b", (tar) -> {
			symlink(tar, "0/a", ".");
			symlink(tar, "0/b", "a/..");
			symlink(tar, "0/c", "b/../outside/secret");
		});
	}

	@Test
	void rejectsLinkThatLeavesThroughALinkComingLaterInTheArchive() throws IOException {
		// when c is read, x does not exist yet: x/.. is the root; x -> . makes it its
		// parent
		assertCraftedArchiveRejected("0/c", (tar) -> {
			symlink(tar, "0/c", "x/..");
			symlink(tar, "0/x", ".");
		});
	}

	@Test
	void rejectsSymbolicLinkLoop() throws IOException {
		assertCraftedArchiveRejected("0/p", (tar) -> symlink(tar, "0/p", "p/x"));
	}

	@Test
	void restoresLinksThatStayInsideThroughOtherLinks() throws IOException {
		Path source = this.temp.resolve("source");
		Files.createDirectories(source.resolve("d1/d2"));
		Files.writeString(source.resolve("d1/d2/file"), "deep");
		Files.createSymbolicLink(source.resolve("up"), Path.of("d1/d2/.."));
		Files.createSymbolicLink(source.resolve("via"), Path.of("up/d2/file"));
		Files.createSymbolicLink(source.resolve("dot"), Path.of("."));
		Files.createSymbolicLink(source.resolve("self"), Path.of("dot/d1/../via"));
		Files.createSymbolicLink(source.resolve("dangling"), Path.of("d1/missing/.."));
		// whole seconds: the archive keeps microseconds, the file system nanoseconds
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : paths.toList()) {
				Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
					.setTimes(FileTime.fromMillis(1_700_000_000_000L), null, null);
			}
		}
		byte[] artifact = backup(component(source), Progress.NONE);
		Path target = this.temp.resolve("restored");
		component(target).restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, Progress.NONE);
		DirectoryTrees.assertSameTree(source, target);
		assertThat(Files.readString(target.resolve("self"))).isEqualTo("deep");
	}

	@Test
	void rejectsFileWrittenThroughSymbolicLink() throws IOException {
		// The link itself points inside, so it passes; the file under it must not
		assertCraftedArchiveRejected("0/link/file", (tar) -> {
			directory(tar, "0/sub/");
			symlink(tar, "0/link", "sub");
			file(tar, "0/link/file", "x");
		});
	}

	@Test
	void rejectsHardLink() throws IOException {
		assertCraftedArchiveRejected("0/hard", (tar) -> {
			TarArchiveEntry entry = new TarArchiveEntry("0/hard", TarConstants.LF_LINK);
			entry.setLinkName("../../outside/secret");
			put(tar, entry, null);
		});
	}

	@Test
	void rejectsDuplicateEntry() throws IOException {
		assertCraftedArchiveRejected("0/twice", (tar) -> {
			file(tar, "0/twice", "first");
			file(tar, "0/twice", "second");
		});
	}

	@Test
	void rejectsArtifactWithoutManifest() throws IOException {
		Path target = this.temp.resolve("target");
		SourceComponent component = component(target);
		byte[] artifact = tarGz((tar) -> file(tar, "0/file", "x"), false);
		assertThatIOException()
			.isThrownBy(() -> component.restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, Progress.NONE))
			.withMessageContaining("not a directory-source artifact");
		assertThat(target).doesNotExist();
	}

	@Test
	void refusesArtifactWithOtherNumberOfDirectories() throws IOException {
		Path first = this.temp.resolve("a");
		Path second = this.temp.resolve("b");
		Files.createDirectories(first);
		Files.createDirectories(second);
		byte[] artifact = backup(component(first, second), Progress.NONE);
		Path target = this.temp.resolve("target");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(
					() -> component(target).restore(new ByteArrayInputStream(artifact), FAIL_IF_EXISTS, Progress.NONE))
			.withMessageContaining("same number of paths");
	}

	/**
	 * Restores a crafted archive (valid entries first, then the bad ones) with policy
	 * overwrite into a target holding one file, and checks that it fails naming the
	 * entry, that the target holds exactly what it held, and that nothing appeared
	 * outside.
	 */
	private void assertCraftedArchiveRejected(String badEntry, TarWriter entries) throws IOException {
		Path target = this.temp.resolve("target");
		Files.createDirectories(target);
		Files.writeString(target.resolve("keep.txt"), "keep");
		Path outside = this.temp.resolve("outside");
		Files.createDirectories(outside);
		Files.writeString(outside.resolve("secret"), "secret");
		Path snapshot = this.temp.resolve("snapshot");
		copyTree(target, snapshot);
		Map<String, Path> before = DirectoryTrees.list(this.temp);
		byte[] artifact = tarGz((tar) -> {
			directory(tar, "0/");
			directory(tar, "0/good/");
			file(tar, "0/good/file", "good");
			entries.write(tar);
		}, true);
		SourceComponent component = component(target);
		assertThatIOException()
			.isThrownBy(() -> component.restore(new ByteArrayInputStream(artifact), OVERWRITE, Progress.NONE))
			.withMessageContaining("'" + badEntry + "'");
		assertThat(DirectoryTrees.list(this.temp)).containsOnlyKeys(before.keySet());
		DirectoryTrees.assertSameTree(snapshot, target);
		assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret");
	}

	private byte[] tarGz(TarWriter entries, boolean manifest) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes), "UTF-8")) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			if (manifest) {
				file(tar, DirectoryArchiveWriter.MANIFEST_ENTRY, "format=1\npaths=1\npath.0=/somewhere\n");
			}
			entries.write(tar);
		}
		return bytes.toByteArray();
	}

	private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name, true);
		byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
		entry.setSize(bytes.length);
		put(tar, entry, bytes);
	}

	private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
		put(tar, new TarArchiveEntry(name, true), null);
	}

	private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
		entry.setLinkName(target);
		put(tar, entry, null);
	}

	private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] content) throws IOException {
		tar.putArchiveEntry(entry);
		if (content != null) {
			tar.write(content);
		}
		tar.closeArchiveEntry();
	}

	private SourceComponent component(Path... paths) {
		return this.factory.create("test", DirectorySourceProperties.of(paths));
	}

	private static byte[] backup(SourceComponent component, Progress progress) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		component.backup(out, progress);
		return out.toByteArray();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		// Through the component itself would prove nothing: use cp, which keeps modes,
		// times and links
		Process process = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
		try {
			assertThat(process.waitFor()).isZero();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		DirectoryTrees.assertSameTree(from, to);
	}

	@FunctionalInterface
	private interface TarWriter {

		void write(TarArchiveOutputStream tar) throws IOException;

	}

	private static final class CountingProgress implements Progress {

		final AtomicLong items = new AtomicLong();

		final AtomicLong bytes = new AtomicLong();

		@Override
		public void advance(long items, long bytes) {
			this.items.addAndGet(items);
			this.bytes.addAndGet(bytes);
		}

	}

}
