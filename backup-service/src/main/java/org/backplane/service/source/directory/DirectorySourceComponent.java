package org.backplane.service.source.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.support.Ids;

/**
 * A {@code directory} component: one or more local directories, backed up as one tar.gz
 * in which the {@code i}-th directory's content lies under {@code i/}. Keeps file modes,
 * mtimes, empty files and directories and symbolic links (never followed); see
 * {@code docs/sources-directory.md}.
 */
class DirectorySourceComponent implements SourceComponent {

	private static final Log logger = LogFactory.getLog(DirectorySourceComponent.class);

	/**
	 * Prefix of the hidden directory a restore extracts into before it moves the content
	 * in place.
	 */
	static final String STAGING_PREFIX = ".backplane-restore-";

	private final String name;

	private final List<Path> paths;

	private final RestorePolicy defaultRestorePolicy;

	private final int compressionLevel;

	DirectorySourceComponent(String name, List<Path> paths, RestorePolicy defaultRestorePolicy, int compressionLevel) {
		this.name = name;
		this.paths = List.copyOf(paths);
		this.defaultRestorePolicy = defaultRestorePolicy;
		this.compressionLevel = compressionLevel;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String type() {
		return DirectorySourceProperties.TYPE;
	}

	@Override
	public String artifactExtension() {
		return "tar.gz";
	}

	@Override
	public RestorePolicy defaultRestorePolicy() {
		return this.defaultRestorePolicy;
	}

	@Override
	public String describe() {
		return "Directories " + this.paths.stream().map(Path::toString).collect(Collectors.joining(", "));
	}

	/**
	 * Whether a path lies in the staging directory of an unfinished restore, which
	 * backups skip.
	 * @param root a configured directory, as its real path
	 * @param file a path in that directory
	 * @return whether the first segment of {@code file} below {@code root} starts with
	 * {@value #STAGING_PREFIX}
	 */
	static boolean isStaging(Path root, Path file) {
		Path relative = root.relativize(file);
		return relative.getNameCount() > 0 && relative.getName(0).toString().startsWith(STAGING_PREFIX);
	}

	List<Path> paths() {
		return this.paths;
	}

	@Override
	public Totals enumerate() throws IOException {
		long items = 0;
		long bytes = 0;
		for (Path path : this.paths) {
			Path root = existingRoot(path);
			try (Stream<Path> tree = Files.walk(root)) {
				Iterator<Path> it = tree.iterator();
				while (it.hasNext()) {
					Path file = it.next();
					if (isStaging(root, file)) {
						continue;
					}
					BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
							LinkOption.NOFOLLOW_LINKS);
					if (attributes.isRegularFile()) {
						items++;
						bytes += attributes.size();
					}
					else if (attributes.isSymbolicLink()) {
						items++;
					}
				}
			}
			catch (UncheckedIOException ex) {
				throw readFailure(ex.getCause());
			}
		}
		return new Totals(items, bytes);
	}

	@Override
	public void backup(OutputStream out, Progress progress) throws IOException {
		List<Path> roots = new ArrayList<>(this.paths.size());
		for (Path path : this.paths) {
			roots.add(existingRoot(path));
		}
		new DirectoryArchiveWriter(this.name, this.paths, this.compressionLevel).write(roots, out, progress);
	}

	@Override
	public void checkOptions(RestoreOptions options) throws RestoreRefusedException {
		targets(options);
	}

	@Override
	public void checkRestore(RestoreOptions options) throws IOException {
		List<Path> targets = targets(options);
		for (Path target : targets) {
			checkTarget(target, options);
		}
	}

	@Override
	public void restore(InputStream in, RestoreOptions options, Progress progress) throws IOException {
		List<Path> targets = targets(options);
		for (Path target : targets) {
			checkTarget(target, options);
		}
		for (Path target : targets) {
			removeLeftoverStaging(target);
		}
		new DirectoryArchiveReader(this.name, targets, options.policy()).read(in, progress);
	}

	@Override
	public void removeRestoreLeftovers(RestoreOptions options) throws IOException {
		for (Path target : targets(options)) {
			removeLeftoverStaging(target);
		}
	}

	/**
	 * Removes the staging directories a restore left behind when its runner died: this
	 * component is not being restored anywhere else (its lock is held), so they belong to
	 * nobody.
	 * @param target a restore target
	 */
	private void removeLeftoverStaging(Path target) throws IOException {
		if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (DirectoryStream<Path> children = Files.newDirectoryStream(target,
				(child) -> child.getFileName().toString().startsWith(STAGING_PREFIX))) {
			for (Path leftover : children) {
				logger.info("Removing what an interrupted restore left behind: component=" + this.name + " path="
						+ leftover);
				DirectoryArchiveReader.deleteTree(leftover);
			}
		}
	}

	/**
	 * The directories a restore writes into: the configured ones, or {@code targetPath}
	 * for a component with a single directory.
	 * @param options the restore's options: its {@code targetPath} and policy
	 * @return the configured directories, or the normalized {@code targetPath} alone
	 */
	private List<Path> targets(RestoreOptions options) throws RestoreRefusedException {
		if (options.targetPath() == null || options.targetPath().isBlank()) {
			return this.paths;
		}
		if (this.paths.size() != 1) {
			throw new RestoreRefusedException("Component '" + this.name + "' has " + this.paths.size()
					+ " directories: a target path is only supported for a component with one directory; "
					+ "restore without a target path");
		}
		Path target;
		try {
			target = Path.of(options.targetPath());
		}
		catch (InvalidPathException ex) {
			throw new RestoreRefusedException("Target path '" + Ids.printable(options.targetPath()) + "' of component '"
					+ this.name + "' is not a valid path: " + ex.getReason());
		}
		if (!target.isAbsolute() || target.normalize().getNameCount() == 0) {
			throw new RestoreRefusedException("Target path '" + Ids.printable(options.targetPath()) + "' of component '"
					+ this.name + "' must be an absolute directory other than '/'");
		}
		if (options.policy() == RestorePolicy.OVERWRITE && !target.normalize().equals(this.paths.get(0))) {
			throw new RestoreRefusedException("Policy overwrite is only allowed into the component's own directory "
					+ this.paths.get(0) + "; restore component '" + this.name
					+ "' into another directory with policy fail-if-exists and an empty or new directory");
		}
		return List.of(target.normalize());
	}

	private void checkTarget(Path target, RestoreOptions options) throws IOException {
		RestorePolicy policy = options.policy();
		if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!Files.isDirectory(target)) {
			throw new RestoreRefusedException("Restore target " + target + " of component '" + this.name
					+ "' is not a directory: remove it or configure another path");
		}
		if (policy == RestorePolicy.OVERWRITE) {
			return;
		}
		// the staging directory of a restore whose runner died is no data: it is removed
		try (DirectoryStream<Path> children = Files.newDirectoryStream(target,
				(child) -> !child.getFileName().toString().startsWith(STAGING_PREFIX))) {
			if (children.iterator().hasNext()) {
				boolean elsewhere = options.targetPath() != null && !options.targetPath().isBlank();
				throw new RestoreRefusedException("Restore target " + target + " of component '" + this.name
						+ "' is not empty and the restore policy is fail-if-exists: empty the directory, "
						+ (elsewhere ? "or choose another (empty or new) target path"
								: "or restore with policy overwrite to replace its content"));
			}
		}
	}

	private Path existingRoot(Path path) throws IOException {
		try {
			Path real = path.toRealPath();
			if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
				throw new IOException(
						"Path " + path + " of component '" + this.name + "' is not a directory: cannot back it up");
			}
			return real;
		}
		catch (NoSuchFileException ex) {
			throw new IOException("Directory " + path + " of component '" + this.name
					+ "' does not exist: create it or fix backplane.components." + this.name + ".paths", ex);
		}
	}

	private IOException readFailure(IOException cause) {
		return new IOException("Cannot read the directories of component '" + this.name + "': " + cause, cause);
	}

}
