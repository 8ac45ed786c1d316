package org.backplane.service.source.directory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Builds randomized directory trees and compares two trees entry by entry: type, mode,
 * mtime, content and link target.
 */
public final class DirectoryTrees {

	private static final String[] NAME_PARTS = { "data", "snap", "ünïcødé", "日本語", "файл", "emoji-😀", "sp ace",
			"tab\tname", "x", "CamelCase", "dot.ted", "-dash", "semi;colon", "quote'd", "λ", "new\nline" };

	private static final int[] FILE_MODES = { 0644, 0600, 0755, 0444, 0640, 0700, 0664, 04755, 0400 };

	private static final int[] DIR_MODES = { 0755, 0700, 0750, 0555, 02775, 01777 };

	private DirectoryTrees() {
	}

	/**
	 * Creates a random tree under {@code root} (which must not exist) with at least
	 * {@code files} regular files and returns how many files and bytes it holds.
	 */
	public static long[] createRandomTree(Path root, long seed, int files) throws IOException {
		Random random = new Random(seed);
		Files.createDirectories(root);
		List<Path> dirs = new ArrayList<>();
		dirs.add(root);
		// A deep chain: long paths need PAX headers
		Path deep = root;
		for (int i = 0; i < 30; i++) {
			deep = deep.resolve("deep-" + i + "-" + "d".repeat(20 + random.nextInt(20)));
			Files.createDirectory(deep);
			dirs.add(deep);
		}
		Files.write(deep.resolve("very-long-file-name-" + "n".repeat(180)), randomBytes(random, 1000));
		long created = 1;
		long bytes = 1000;
		for (int i = 0; i < Math.max(5, files / 13); i++) {
			Path parent = dirs.get(random.nextInt(dirs.size()));
			Path dir = parent.resolve(name(random, i));
			Files.createDirectory(dir);
			dirs.add(dir);
		}
		for (int i = 0; i < Math.max(2, files / 100); i++) {
			Files.createDirectory(dirs.get(random.nextInt(dirs.size())).resolve("empty-dir-" + i));
		}
		for (int i = 0; created < files; i++) {
			Path parent = dirs.get(random.nextInt(dirs.size()));
			Path file = parent.resolve(name(random, i) + ".bin");
			int kind = random.nextInt(100);
			byte[] content;
			if (kind == 0) {
				content = new byte[0];
			}
			else if (kind == 1) {
				content = randomBytes(random, 64 * 1024 + random.nextInt(64 * 1024));
			}
			else {
				content = randomBytes(random, random.nextInt((kind < 10) ? 100 : 4096));
			}
			Files.write(file, content);
			created++;
			bytes += content.length;
			Files.setAttribute(file, "unix:mode", FILE_MODES[random.nextInt(FILE_MODES.length)]);
			setTime(file, random);
		}
		// Links that stay inside: to a sibling file, to a directory, dangling
		for (int i = 0; i < links(files); i++) {
			Path parent = dirs.get(1 + random.nextInt(dirs.size() - 1));
			Path link = parent.resolve("link-" + i);
			String target = switch (i % 3) {
				case 0 -> "..";
				case 1 -> "../missing-" + i;
				default -> ".";
			};
			Files.createSymbolicLink(link, Path.of(target));
			Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.setTimes(FileTime.from(Instant.ofEpochSecond(1_500_000_000L + i, 123_456_789)), null, null);
		}
		// Directory modes and times last, deepest first, so that read-only directories
		// could be filled
		for (int i = dirs.size() - 1; i >= 0; i--) {
			Path dir = dirs.get(i);
			Files.setAttribute(dir, "unix:mode", DIR_MODES[random.nextInt(DIR_MODES.length)]);
			setTime(dir, random);
		}
		return new long[] { created, bytes };
	}

	/**
	 * How many symbolic links {@link #createRandomTree} makes for a tree of {@code files}
	 * files.
	 */
	static int links(int files) {
		return Math.max(3, files / 66);
	}

	private static String name(Random random, int i) {
		return NAME_PARTS[random.nextInt(NAME_PARTS.length)] + "-" + i;
	}

	private static byte[] randomBytes(Random random, int size) {
		byte[] bytes = new byte[size];
		random.nextBytes(bytes);
		return bytes;
	}

	private static void setTime(Path path, Random random) throws IOException {
		Instant time = Instant.ofEpochSecond(1_000_000_000L + random.nextInt(700_000_000),
				random.nextInt(1_000_000_000));
		Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
			.setTimes(FileTime.from(time), null, null);
	}

	/**
	 * Walks both trees and asserts they hold the same entries with the same type, mode,
	 * mtime, content and link targets. Also compares the roots' mode and mtime.
	 */
	public static void assertSameTree(Path expected, Path actual) throws IOException {
		Map<String, Path> expectedEntries = list(expected);
		Map<String, Path> actualEntries = list(actual);
		assertThat(actualEntries.keySet()).containsExactlyElementsOf(expectedEntries.keySet());
		for (Map.Entry<String, Path> entry : expectedEntries.entrySet()) {
			assertSameEntry(entry.getKey(), entry.getValue(), actualEntries.get(entry.getKey()));
		}
	}

	private static void assertSameEntry(String name, Path expected, Path actual) throws IOException {
		Map<String, Object> e = Files.readAttributes(expected, "unix:mode,size,lastModifiedTime",
				LinkOption.NOFOLLOW_LINKS);
		Map<String, Object> a = Files.readAttributes(actual, "unix:mode,size,lastModifiedTime",
				LinkOption.NOFOLLOW_LINKS);
		assertThat(Integer.toOctalString((Integer) a.get("mode"))).as("mode of '%s'", name)
			.isEqualTo(Integer.toOctalString((Integer) e.get("mode")));
		assertThat(a.get("lastModifiedTime")).as("mtime of '%s'", name).isEqualTo(e.get("lastModifiedTime"));
		if (Files.isSymbolicLink(expected)) {
			assertThat(Files.readSymbolicLink(actual)).as("link target of '%s'", name)
				.isEqualTo(Files.readSymbolicLink(expected));
		}
		else if (Files.isRegularFile(expected, LinkOption.NOFOLLOW_LINKS)) {
			assertThat(a.get("size")).as("size of '%s'", name).isEqualTo(e.get("size"));
			if (Files.mismatch(expected, actual) != -1) {
				fail("Content of '%s' differs", name);
			}
		}
	}

	/**
	 * All entries of a tree by relative path, the root as "".
	 */
	static Map<String, Path> list(Path root) throws IOException {
		Map<String, Path> entries = new TreeMap<>();
		try (Stream<Path> tree = Files.walk(root)) {
			Iterator<Path> it = tree.iterator();
			while (it.hasNext()) {
				Path path = it.next();
				entries.put(root.relativize(path).toString(), path);
			}
		}
		return entries;
	}

}
