package org.backplane.service.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Folders and files the owner's only, whatever the umask; what was open is restricted
 * without touching the owner's bits or following links.
 */
class OwnerOnlyTests {

	@TempDir
	Path temp;

	@Test
	void createsMissingFoldersWithExactlyTheModeAndLeavesExistingOnes() throws IOException {
		Files.setPosixFilePermissions(this.temp, mode("rwxr-xr-x"));
		OwnerOnly.createDirectories(this.temp.resolve("a/b"));
		assertThat(Files.getPosixFilePermissions(this.temp)).isEqualTo(mode("rwxr-xr-x"));
		assertThat(Files.getPosixFilePermissions(this.temp.resolve("a"))).isEqualTo(mode("rwx------"));
		assertThat(Files.getPosixFilePermissions(this.temp.resolve("a/b"))).isEqualTo(mode("rwx------"));
		// wider than the usual umask (022) lets through: set exactly
		OwnerOnly.createDirectories(this.temp.resolve("c/d"), mode("rwxrwx---"));
		assertThat(Files.getPosixFilePermissions(this.temp.resolve("c/d"))).isEqualTo(mode("rwxrwx---"));
		Files.writeString(this.temp.resolve("file"), "x");
		assertThatExceptionOfType(FileAlreadyExistsException.class)
			.isThrownBy(() -> OwnerOnly.createDirectories(this.temp.resolve("file/e")));
	}

	@Test
	void writesWholeFilesTheOwnersOnly() throws IOException {
		Path file = this.temp.resolve("secret");
		OwnerOnly.write(file, "one".getBytes(StandardCharsets.US_ASCII));
		assertThat(file).hasContent("one");
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(mode("rw-------"));
		Files.setPosixFilePermissions(file, mode("rw-r--r--"));
		OwnerOnly.write(file, "two".getBytes(StandardCharsets.US_ASCII));
		assertThat(file).hasContent("two");
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(mode("rw-------"));
		try (var left = Files.list(this.temp)) {
			assertThat(left).containsExactly(file);
		}
	}

	@Test
	void restrictTakesTheGroupsAndOthersBitsAndKeepsTheOwners() throws IOException {
		Path folder = Files.createDirectories(this.temp.resolve("tree/sub"));
		Path file = Files.writeString(folder.resolve("file"), "f");
		Path program = Files.writeString(folder.resolve("program"), "p");
		Path outside = Files.writeString(this.temp.resolve("outside"), "o");
		Path link = Files.createSymbolicLink(folder.resolve("link"), outside);
		Files.setPosixFilePermissions(this.temp.resolve("tree"), mode("rwxr-xr-x"));
		Files.setPosixFilePermissions(folder, mode("rwxrwxrwx"));
		Files.setPosixFilePermissions(file, mode("rw-r--r--"));
		Files.setPosixFilePermissions(program, mode("rwxr-xr-x"));
		Files.setPosixFilePermissions(outside, mode("rw-r--r--"));

		assertThat(OwnerOnly.restrict(this.temp.resolve("tree"), false)).singleElement()
			.satisfies((change) -> assertThat(OwnerOnly.octal(change.before())).isEqualTo("0755"));
		assertThat(Files.getPosixFilePermissions(folder)).as("not recursive").isEqualTo(mode("rwxrwxrwx"));

		assertThat(OwnerOnly.restrict(this.temp.resolve("tree"), true)).extracting(OwnerOnly.Change::path)
			.containsExactlyInAnyOrder(folder, file, program);
		assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(mode("rwx------"));
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(mode("rw-------"));
		assertThat(Files.getPosixFilePermissions(program)).isEqualTo(mode("rwx------"));
		assertThat(Files.getPosixFilePermissions(outside)).as("links are not followed").isEqualTo(mode("rw-r--r--"));
		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(OwnerOnly.restrict(this.temp.resolve("tree"), true)).as("nothing left to change").isEmpty();
		assertThat(OwnerOnly.restrict(this.temp.resolve("missing"), true)).isEmpty();
	}

	@Test
	void octalIsHowChmodWritesIt() {
		assertThat(OwnerOnly.octal(mode("rwxr-x---"))).isEqualTo("0750");
		assertThat(OwnerOnly.octal(mode("rw-------"))).isEqualTo("0600");
		assertThat(OwnerOnly.octal(mode("---------"))).isEqualTo("0000");
		assertThat(OwnerOnly.octal(mode("rwxrwxrwx"))).isEqualTo("0777");
	}

	private static Set<PosixFilePermission> mode(String symbolic) {
		return PosixFilePermissions.fromString(symbolic);
	}

}
