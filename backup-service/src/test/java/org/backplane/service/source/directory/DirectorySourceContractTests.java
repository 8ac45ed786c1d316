package org.backplane.service.source.directory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentContractTests;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source contract, run against the {@code directory} source over a real folder.
 */
class DirectorySourceContractTests extends SourceComponentContractTests {

	@TempDir
	Path root;

	@Override
	protected SourceComponent component() {
		Path target = this.root.resolve("target");
		try {
			Files.createDirectories(target);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return new DirectorySourceComponentFactory().create("contract", DirectorySourceProperties.of(target));
	}

	@Override
	protected void populate(long seed) throws Exception {
		DirectoryTrees.createRandomTree(this.root.resolve("target"), seed, 40);
	}

	@Override
	protected void wipe() throws Exception {
		Path target = this.root.resolve("target");
		try (Stream<Path> paths = Files.walk(target)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				if (!path.equals(target)) {
					path.toFile().setWritable(true);
					Files.delete(path);
				}
			}
		}
	}

	@Override
	protected Object snapshot() throws Exception {
		java.util.Map<String, String> state = new java.util.TreeMap<>();
		Path target = this.root.resolve("target");
		try (Stream<Path> paths = Files.walk(target)) {
			for (Path path : paths.toList()) {
				String name = target.relativize(path).toString();
				if (Files.isSymbolicLink(path)) {
					state.put(name, "link:" + Files.readSymbolicLink(path));
				}
				else if (Files.isRegularFile(path)) {
					state.put(name, "file:"
							+ java.util.HexFormat.of()
								.formatHex(java.security.MessageDigest.getInstance("SHA-256")
									.digest(Files.readAllBytes(path)))
							+ ":" + Files.getPosixFilePermissions(path) + ":"
							+ Files.getLastModifiedTime(path).toMillis());
				}
				else {
					state.put(name, "dir:" + Files.getPosixFilePermissions(path));
				}
			}
		}
		return state;
	}

}
