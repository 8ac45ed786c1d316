package org.backplane.service.source.nodes;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.backplane.service.source.NodeSource;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.support.Ids;
import org.backplane.service.support.OwnerOnly;

/**
 * A {@code nodes} component: the snapshot folders of a data service's nodes. Each node is
 * its own artifact; the jobs step through the nodes ({@link NodeSource}) and this
 * component's own artifact is the index of the nodes' artifacts, written by the job. A
 * node's tar.gz holds its folder's regular files and folders relative to the folder
 * (modes and modification times kept), as {@code tar czf - -C <folder> .} would.
 */
class NodesSourceComponent implements SourceComponent, NodeSource {

	private static final int BUFFER = 64 * 1024;

	/** Prefix of a file being written by a restore, moved into place when complete. */
	static final String PART_PREFIX = ".backplane-part-";

	private final String name;

	private final List<Path> nodes;

	private final boolean parallel;

	private final RestorePolicy defaultRestorePolicy;

	private final NodeHooks hooks;

	NodesSourceComponent(String name, List<Path> nodes, boolean parallel, RestorePolicy defaultRestorePolicy,
			NodeHooks hooks) {
		this.name = name;
		this.nodes = List.copyOf(nodes);
		this.parallel = parallel;
		this.defaultRestorePolicy = defaultRestorePolicy;
		this.hooks = hooks;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String type() {
		return NodesSourceProperties.TYPE;
	}

	/** The component's own artifact is the index of its nodes' artifacts. */
	@Override
	public String artifactExtension() {
		return "nodes.json";
	}

	@Override
	public RestorePolicy defaultRestorePolicy() {
		return this.defaultRestorePolicy;
	}

	@Override
	public String describe() {
		return "Nodes " + IntStream.range(0, this.nodes.size())
			.mapToObj((i) -> i + ": " + this.nodes.get(i))
			.collect(Collectors.joining(", ")) + " (" + (this.parallel ? "parallel" : "serial") + ")";
	}

	/**
	 * Counts what the node folders hold now. A folder that does not exist yet counts as
	 * empty: its {@code before-backup} hook may create it (take the snapshot), so the
	 * totals are a floor, and the node's own step reports a folder still missing then.
	 */
	@Override
	public Totals enumerate() throws IOException {
		long items = 0;
		long bytes = 0;
		for (int i = 0; i < this.nodes.size(); i++) {
			if (!Files.isDirectory(nodePath(i))) {
				continue;
			}
			Totals node = enumerateNode(i);
			items += node.items();
			bytes += node.bytes();
		}
		return new Totals(items, bytes);
	}

	/** Never called: the jobs back a {@code nodes} component up node by node. */
	@Override
	public void backup(OutputStream out, Progress progress) throws IOException {
		throw new IOException("Component '" + this.name + "' is backed up node by node, not as one stream");
	}

	@Override
	public void checkOptions(RestoreOptions options) throws RestoreRefusedException {
		if (options.targetPath() != null && !options.targetPath().isBlank()) {
			throw new RestoreRefusedException("Component '" + this.name
					+ "' restores each node into its own folder: a target path is not supported; restore without one");
		}
	}

	@Override
	public void checkRestore(RestoreOptions options) throws IOException {
		checkOptions(options);
		for (int i = 0; i < this.nodes.size(); i++) {
			checkRestoreNode(i, options.policy());
		}
	}

	/** Never called: the jobs restore a {@code nodes} component node by node. */
	@Override
	public void restore(InputStream in, RestoreOptions options, Progress progress) throws IOException {
		throw new IOException("Component '" + this.name + "' is restored node by node, not from one stream");
	}

	@Override
	public int nodeCount() {
		return this.nodes.size();
	}

	@Override
	public boolean parallel() {
		return this.parallel;
	}

	@Override
	public Path nodePath(int node) {
		return this.nodes.get(node);
	}

	@Override
	public String runHook(Hook hook, int node, String snapshotName) throws IOException {
		return this.hooks.run(hook, node, nodePath(node), snapshotName);
	}

	@Override
	public Totals enumerateNode(int node) throws IOException {
		long items = 0;
		long bytes = 0;
		for (NodeFile file : listFiles(node)) {
			items++;
			bytes += file.size();
		}
		return new Totals(items, bytes);
	}

	@Override
	public void backupNode(int node, OutputStream out, Progress progress) throws IOException {
		Path root = existingRoot(node);
		GzipParameters gzip = new GzipParameters();
		gzip.setCompressionLevel(1);
		GzipCompressorOutputStream gz = new GzipCompressorOutputStream(
				new BufferedOutputStream(CloseShieldOutputStream.wrap(out), BUFFER), gzip);
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			byte[] buffer = new byte[BUFFER];
			try (Stream<Path> tree = Files.walk(root)) {
				Iterator<Path> it = tree.sorted().iterator();
				while (it.hasNext()) {
					Path path = it.next();
					if (path.equals(root)) {
						continue;
					}
					BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
							LinkOption.NOFOLLOW_LINKS);
					String relative = relative(root, path);
					if (attributes.isDirectory()) {
						TarArchiveEntry entry = new TarArchiveEntry(relative + "/");
						entry.setModTime(attributes.lastModifiedTime());
						entry.setMode(040000 | mode(path, 0755));
						tar.putArchiveEntry(entry);
						tar.closeArchiveEntry();
					}
					else if (attributes.isRegularFile()) {
						TarArchiveEntry entry = new TarArchiveEntry(relative);
						entry.setSize(attributes.size());
						entry.setModTime(attributes.lastModifiedTime());
						entry.setMode(0100000 | mode(path, 0644));
						tar.putArchiveEntry(entry);
						long copied = 0;
						try (InputStream in = Files.newInputStream(path)) {
							int n;
							while (copied < attributes.size() && (n = in.read(buffer, 0,
									(int) Math.min(buffer.length, attributes.size() - copied))) != -1) {
								tar.write(buffer, 0, n);
								copied += n;
								progress.advance(0, n);
							}
						}
						if (copied != attributes.size()) {
							throw new IOException("File " + path + " of node " + node + " shrank while it was read");
						}
						tar.closeArchiveEntry();
						progress.advance(1, 0);
					}
					else {
						throw notPlain(node, path);
					}
				}
			}
			catch (UncheckedIOException ex) {
				throw ex.getCause();
			}
			tar.finish();
		}
	}

	@Override
	public void checkRestoreNode(int node, RestorePolicy policy) throws IOException {
		Path folder = nodePath(node);
		if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new RestoreRefusedException("Node " + node + " of component '" + this.name + "': " + folder
					+ " is not a folder; remove it or fix backplane.components." + this.name + ".nodes[" + node + "]");
		}
		if (policy == RestorePolicy.OVERWRITE) {
			return;
		}
		try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
			Iterator<Path> it = children.iterator();
			if (it.hasNext()) {
				throw new RestoreRefusedException("Node " + node + " of component '" + this.name + "': " + folder
						+ " is not empty (it holds " + it.next().getFileName()
						+ ") and the restore policy is fail-if-exists: remove the folder's content, "
						+ "or restore with policy overwrite to replace it");
			}
		}
	}

	@Override
	public void prepareRestoreNode(int node, RestorePolicy policy) throws IOException {
		checkRestoreNode(node, policy);
		Path folder = nodePath(node);
		Files.createDirectories(folder);
		if (policy == RestorePolicy.OVERWRITE) {
			try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
				for (Path child : children) {
					deleteTree(child);
				}
			}
		}
	}

	@Override
	public void restoreNode(int node, InputStream in, Progress progress) throws IOException {
		Path root = nodePath(node);
		byte[] buffer = new byte[BUFFER];
		TarArchiveInputStream tar = new TarArchiveInputStream(
				new GzipCompressorInputStream(CloseShieldInputStream.wrap(in), true));
		TarArchiveEntry entry;
		List<TarArchiveEntry> folders = new ArrayList<>();
		while ((entry = tar.getNextEntry()) != null) {
			String name = entry.getName();
			while (name.startsWith("./")) {
				name = name.substring(2);
			}
			if (name.isEmpty() || name.equals(".") || name.equals("./")) {
				continue;
			}
			Path target = resolve(node, name);
			// commons-compress counts links and devices as files: refuse them first
			if (entry.isSymbolicLink() || entry.isLink() || entry.isCharacterDevice() || entry.isBlockDevice()
					|| entry.isFIFO()) {
				throw new IOException("The archive of node " + node + " holds " + Ids.printable(name)
						+ ", which is neither a file nor a folder: links and special files are not restored");
			}
			if (entry.isDirectory()) {
				Files.createDirectories(target);
				folders.add(entry);
			}
			else if (entry.isFile()) {
				Files.createDirectories(target.getParent());
				long written = write(target, tar, buffer, progress);
				if (written != entry.getSize()) {
					throw new IOException("The archive of node " + node + " is truncated at " + name);
				}
				applyMode(target, entry.getMode() & 07777);
				Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
				progress.advance(1, 0);
			}
			else {
				throw new IOException("The archive of node " + node + " holds " + Ids.printable(name)
						+ ", which is neither a file nor a folder: links and special files are not restored");
			}
		}
		// folders last: writing their files changed their times
		for (TarArchiveEntry folder : folders) {
			String name = folder.getName().replaceFirst("^(\\./)+", "");
			Path target = resolve(node, name);
			applyMode(target, folder.getMode() & 07777);
			Files.setLastModifiedTime(target, FileTime.from(folder.getModTime().toInstant()));
		}
	}

	@Override
	public List<NodeFile> listFiles(int node) throws IOException {
		Path root = existingRoot(node);
		List<NodeFile> files = new ArrayList<>();
		try (Stream<Path> tree = Files.walk(root)) {
			Iterator<Path> it = tree.iterator();
			while (it.hasNext()) {
				Path path = it.next();
				BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
						LinkOption.NOFOLLOW_LINKS);
				if (attributes.isRegularFile()) {
					files.add(new NodeFile(relative(root, path), attributes.size()));
				}
				else if (!attributes.isDirectory()) {
					throw notPlain(node, path);
				}
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		files.sort(Comparator.comparing(NodeFile::path));
		return files;
	}

	@Override
	public InputStream openFile(int node, String path) throws IOException {
		return Files.newInputStream(resolve(node, path), LinkOption.NOFOLLOW_LINKS);
	}

	@Override
	public long writeFile(int node, String path, InputStream in) throws IOException {
		Path target = resolve(node, path);
		Files.createDirectories(target.getParent());
		return write(target, in, new byte[BUFFER], Progress.NONE);
	}

	private long write(Path target, InputStream in, byte[] buffer, Progress progress) throws IOException {
		Path part = target.resolveSibling(PART_PREFIX + UUID.randomUUID());
		long written = 0;
		try {
			try (OutputStream out = Files.newOutputStream(part)) {
				int n;
				while ((n = in.read(buffer)) != -1) {
					out.write(buffer, 0, n);
					written += n;
					progress.advance(0, n);
				}
			}
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(part);
		}
		return written;
	}

	/**
	 * A node's file by its relative path; refuses paths that leave the folder.
	 * @param node the node
	 * @param path the relative path
	 * @return the file
	 */
	private Path resolve(int node, String path) throws IOException {
		Path root = nodePath(node);
		if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
			throw new IOException("Refusing path '" + Ids.printable(path) + "' for node " + node
					+ ": it must be relative and '/'-separated");
		}
		for (String segment : path.split("/")) {
			if (segment.equals("..")) {
				throw new IOException(
						"Refusing path '" + Ids.printable(path) + "' for node " + node + ": it leaves the folder");
			}
		}
		Path resolved = root.resolve(path).normalize();
		if (!resolved.startsWith(root) || resolved.equals(root)) {
			throw new IOException(
					"Refusing path '" + Ids.printable(path) + "' for node " + node + ": it leaves the folder");
		}
		return resolved;
	}

	private Path existingRoot(int node) throws IOException {
		Path path = nodePath(node);
		try {
			Path real = path.toRealPath();
			if (!Files.isDirectory(real)) {
				throw new IOException("Node " + node + " of component '" + this.name + "': " + path
						+ " is not a folder; fix backplane.components." + this.name + ".nodes[" + node + "]");
			}
			return real;
		}
		catch (NoSuchFileException ex) {
			throw new IOException("Node " + node + " of component '" + this.name + "': folder " + path
					+ " does not exist; take the snapshot first (hooks.before-backup) or fix backplane.components."
					+ this.name + ".nodes[" + node + "]", ex);
		}
	}

	private IOException notPlain(int node, Path path) {
		return new IOException("Node " + node + " of component '" + this.name + "' holds " + path
				+ ", which is neither a file nor a folder: node snapshots are backed up as plain files; "
				+ "remove links and special files from the snapshot");
	}

	private static String relative(Path root, Path path) {
		List<String> segments = new ArrayList<>();
		for (Path segment : root.relativize(path)) {
			segments.add(segment.toString());
		}
		return String.join("/", segments);
	}

	private static int mode(Path path, int fallback) throws IOException {
		if (!OwnerOnly.supportsPosix(path)) {
			return fallback;
		}
		int mode = 0;
		for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
			mode |= 1 << (8 - permission.ordinal());
		}
		return mode;
	}

	private static void applyMode(Path path, int mode) throws IOException {
		if (mode == 0 || !OwnerOnly.supportsPosix(path)) {
			return;
		}
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		for (PosixFilePermission permission : PosixFilePermission.values()) {
			if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
				permissions.add(permission);
			}
		}
		Files.setPosixFilePermissions(path, permissions);
	}

	private static void deleteTree(Path path) throws IOException {
		if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
			try (Stream<Path> tree = Files.walk(path)) {
				for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
		else {
			Files.delete(path);
		}
	}

}
