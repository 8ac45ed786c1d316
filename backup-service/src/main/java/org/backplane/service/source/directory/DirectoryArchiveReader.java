package org.backplane.service.source.directory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent.Progress;
import org.backplane.service.support.Directories;

/**
 * Restores a {@code directory} artifact. Extracts every directory's content into a hidden
 * staging directory inside the target first
 * ({@value DirectorySourceComponent#STAGING_PREFIX}{@code <uuid>}), checking each entry
 * before it is written; only when the whole artifact was read does it replace the
 * targets' content with the staged content. A malformed or hostile artifact therefore
 * leaves the targets' content untouched.
 */
class DirectoryArchiveReader {

	private static final Log logger = LogFactory.getLog(DirectoryArchiveReader.class);

	private static final int MAX_MANIFEST_SIZE = 1024 * 1024;

	private static final int OWNER_RWX = 0700;

	private static final int OWNER_RX = 0500;

	/** Links one resolution may pass through before it counts as a loop, as Linux's. */
	private static final int MAX_LINK_HOPS = 40;

	private final String name;

	private final List<Path> targets;

	private final RestorePolicy policy;

	private final byte[] buffer = new byte[DirectoryArchiveWriter.BUFFER_SIZE];

	/** Per target: the staging directory, or null before it is created. */
	private final Path[] staging;

	/** Per target: mode and mtime of its root entry ({@code i/}), applied last. */
	private final TarArchiveEntry[] rootEntries;

	/**
	 * Directories whose mode and mtime are applied once their content is written; bounded
	 * by the depth.
	 */
	private final Deque<PendingDirectory> pending = new ArrayDeque<>();

	/**
	 * The last directory checked to hold no links between it and its staging directory.
	 */
	private Path checkedParent;

	private final boolean[] createdTarget;

	/**
	 * Per existing target: its mtime before the staging directory was made in it, put
	 * back on failure.
	 */
	private final FileTime[] originalMtimes;

	/**
	 * Per existing target: its mode before it was opened up for the restore, put back on
	 * failure.
	 */
	private final int[] originalModes;

	DirectoryArchiveReader(String name, List<Path> targets, RestorePolicy policy) {
		this.name = name;
		this.targets = targets;
		this.policy = policy;
		this.staging = new Path[targets.size()];
		this.rootEntries = new TarArchiveEntry[targets.size()];
		this.createdTarget = new boolean[targets.size()];
		this.originalMtimes = new FileTime[targets.size()];
		this.originalModes = new int[targets.size()];
	}

	void read(InputStream in, Progress progress) throws IOException {
		boolean staged = false;
		try {
			GzipCompressorInputStream gzip = new GzipCompressorInputStream(CloseShieldInputStream.wrap(in), true);
			try (TarArchiveInputStream tar = new TarArchiveInputStream(gzip, "UTF-8")) {
				readManifest(tar);
				createStaging();
				TarArchiveEntry entry;
				while ((entry = tar.getNextEntry()) != null) {
					extract(tar, entry, progress);
				}
				completeDirectories(null);
				for (int i = 0; i < this.targets.size(); i++) {
					checkLinksStayInside(i);
				}
				// Read what follows the end-of-archive blocks: checks the gzip trailer
				// and consumes the stream
				while (gzip.read(this.buffer) >= 0) {
					// drain
				}
				while (in.read(this.buffer) >= 0) {
					// drain
				}
			}
			staged = true;
			for (int i = 0; i < this.targets.size(); i++) {
				replaceContent(i);
			}
		}
		finally {
			if (!staged) {
				removeStaging();
			}
		}
	}

	private void readManifest(TarArchiveInputStream tar) throws IOException {
		TarArchiveEntry entry = tar.getNextEntry();
		if (entry == null || !DirectoryArchiveWriter.MANIFEST_ENTRY.equals(entry.getName()) || !entry.isFile()
				|| entry.getSize() > MAX_MANIFEST_SIZE) {
			throw new IOException("Artifact of component '" + this.name + "' is not a directory-source artifact: "
					+ "its first entry is " + ((entry != null) ? "'" + entry.getName() + "'" : "missing") + ", not "
					+ DirectoryArchiveWriter.MANIFEST_ENTRY);
		}
		byte[] content = tar.readNBytes((int) entry.getSize());
		Properties manifest = new Properties();
		manifest.load(new ByteArrayInputStream(content));
		if (!DirectoryArchiveWriter.FORMAT.equals(manifest.getProperty("format"))) {
			throw new IOException("Artifact of component '" + this.name + "' has format '"
					+ manifest.getProperty("format") + "', which this version cannot restore");
		}
		String count = manifest.getProperty("paths");
		if (!Integer.toString(this.targets.size()).equals(count)) {
			throw new RestoreRefusedException("Artifact of component '" + this.name + "' holds " + count
					+ " directories but the component now has " + this.targets.size()
					+ ": configure the same number of paths, in the same order, as when it was backed up");
		}
		for (int i = 0; i < this.targets.size(); i++) {
			logger.info("Restoring directory: component=" + this.name + " index=" + i + " backedUpFrom="
					+ manifest.getProperty("path." + i) + " target=" + this.targets.get(i));
		}
	}

	private void createStaging() throws IOException {
		for (int i = 0; i < this.targets.size(); i++) {
			Path target = this.targets.get(i);
			if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectories(target);
				this.createdTarget[i] = true;
			}
			Path real = target.toRealPath();
			this.originalMtimes[i] = Files.getLastModifiedTime(real);
			int mode = (Integer) Files.getAttribute(real, "unix:mode");
			this.originalModes[i] = mode & 07777;
			if ((mode & OWNER_RWX) != OWNER_RWX) {
				// A read-only target (e.g. restored earlier from a read-only root) must
				// take the staging directory
				Files.setAttribute(real, "unix:mode", (mode & 07777) | OWNER_RWX);
			}
			this.staging[i] = Files
				.createDirectory(real.resolve(DirectorySourceComponent.STAGING_PREFIX + UUID.randomUUID()));
		}
	}

	private void extract(TarArchiveInputStream tar, TarArchiveEntry entry, Progress progress) throws IOException {
		String entryName = entry.getName();
		String[] segments = checkedSegments(entryName);
		int index = Integer.parseInt(segments[0]);
		if (segments.length == 1) {
			if (!entry.isDirectory()) {
				throw reject(entryName, "the root of a directory must be a directory entry");
			}
			this.rootEntries[index] = entry;
			return;
		}
		Path stagingRoot = this.staging[index];
		Path resolved = stagingRoot;
		for (int i = 1; i < segments.length; i++) {
			resolved = resolved.resolve(segments[i]);
		}
		Path dest = resolved;
		completeDirectories(dest);
		Path parent = dest.getParent();
		ensureParent(stagingRoot, parent, entryName);
		byte type = entry.getLinkFlag();
		if (type == TarConstants.LF_LINK) {
			throw reject(entryName, "hard links are not accepted (the directory source never writes them)");
		}
		if (type == TarConstants.LF_DIR || (entry.isDirectory() && type != TarConstants.LF_SYMLINK)) {
			if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
				createNew(() -> Files.createDirectory(dest), entryName);
			}
			this.pending.push(new PendingDirectory(dest, entry.getMode(), mtime(entry)));
		}
		else if (type == TarConstants.LF_SYMLINK) {
			String link = entry.getLinkName();
			checkLink(index, segments, link, entryName);
			createNew(() -> Files.createSymbolicLink(dest, Path.of(link)), entryName);
			Files.getFileAttributeView(dest, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.setTimes(mtime(entry), null, null);
			progress.advance(1, 0);
		}
		else if (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG) {
			try (FileChannel channel = FileChannel.open(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
					LinkOption.NOFOLLOW_LINKS)) {
				OutputStream out = Channels.newOutputStream(channel);
				int read;
				while ((read = tar.read(this.buffer)) >= 0) {
					out.write(this.buffer, 0, read);
					progress.advance(0, read);
				}
				// on disk before the restore is READY (and before phase 3 replaces the
				// target's content)
				channel.force(true);
			}
			catch (FileAlreadyExistsException ex) {
				throw reject(entryName, "it appears twice or replaces a directory");
			}
			applyModeAndTime(dest, entry.getMode(), mtime(entry));
			progress.advance(1, 0);
		}
		else {
			throw reject(entryName, "entries of this type (device, FIFO, sparse or unknown) are not accepted");
		}
	}

	/**
	 * Splits an entry name into its index and path segments, rejecting absolute names,
	 * {@code ..}, {@code .}, empty segments and unknown indexes.
	 * @param entryName an entry's name in the tar: the index of its directory, then its
	 * path in that directory
	 * @return the name's segments, the index first (a directory entry's trailing
	 * {@code /} dropped)
	 */
	private String[] checkedSegments(String entryName) throws IOException {
		if (entryName.isEmpty() || entryName.startsWith("/") || entryName.indexOf('\0') >= 0) {
			throw reject(entryName, "absolute or empty names are not accepted");
		}
		String trimmed = entryName.endsWith("/") ? entryName.substring(0, entryName.length() - 1) : entryName;
		String[] segments = trimmed.split("/", -1);
		for (String segment : segments) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				throw reject(entryName, "names with '..', '.' or empty segments are not accepted");
			}
		}
		if (!segments[0].matches("[0-9]{1,9}") || Integer.parseInt(segments[0]) >= this.targets.size()) {
			throw reject(entryName, "it does not start with the index of a configured directory (0 to "
					+ (this.targets.size() - 1) + ")");
		}
		return segments;
	}

	/**
	 * Makes sure the parent exists and that no link lies between it and the staging
	 * directory, so nothing is ever written through a link.
	 * @param stagingRoot the staging directory of the entry's target
	 * @param parent the directory the entry is written into, {@code stagingRoot} or below
	 * it
	 * @param entryName the entry's name, for the refusal's message
	 */
	private void ensureParent(Path stagingRoot, Path parent, String entryName) throws IOException {
		if (parent.equals(this.checkedParent)) {
			return;
		}
		Path current = stagingRoot;
		for (Path segment : stagingRoot.relativize(parent)) {
			current = current.resolve(segment);
			BasicFileAttributes attributes;
			try {
				attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
			}
			catch (NoSuchFileException ex) {
				// Foreign archives may omit directory entries
				Files.createDirectory(current);
				continue;
			}
			if (attributes.isSymbolicLink()) {
				throw reject(entryName, "it lies under a symbolic link");
			}
			if (!attributes.isDirectory()) {
				throw reject(entryName, "it lies under something that is not a directory");
			}
		}
		this.checkedParent = parent;
	}

	/**
	 * Refuses a link whose target, resolved from where the link will finally be, leaves
	 * its directory.
	 * @param index the index of the link's directory among the targets
	 * @param segments the entry name's segments, the index first
	 * @param link the link's target as the entry stores it
	 * @param entryName the entry's name, for the refusal's message
	 */
	private void checkLink(int index, String[] segments, String link, String entryName) throws IOException {
		if (link == null || link.isEmpty() || link.indexOf('\0') >= 0) {
			throw reject(entryName, "a symbolic link needs a target");
		}
		Path root = this.targets.get(index).toRealPath();
		Path finalParent = root;
		for (int i = 1; i < segments.length - 1; i++) {
			finalParent = finalParent.resolve(segments[i]);
		}
		Path resolved = finalParent.resolve(link).normalize();
		if (!resolved.startsWith(root)) {
			throw reject(entryName, "its symbolic link target '" + link + "' points outside " + root);
		}
	}

	/**
	 * Refuses the restore if any staged symbolic link, resolved through the staged tree
	 * as it will exist in the target (every link on the way followed, a {@code ..} taken
	 * from where the link before it leads), leaves its directory. The check at each
	 * link's entry is lexical and cannot see links that come later in the archive (a link
	 * through {@code a -> .} followed by {@code ..} reaches the target's parent), so this
	 * walk over the finished staging tree decides. Memory stays bounded: the tree is
	 * walked, not listed. A directory whose mode shuts its owner out is opened for the
	 * walk and closed again.
	 * @param index the directory's index among the targets
	 */
	private void checkLinksStayInside(int index) throws IOException {
		Path stagingRoot = this.staging[index];
		Path finalRoot = this.targets.get(index).toRealPath();
		Deque<Integer> reopened = new ArrayDeque<>();
		Files.walkFileTree(stagingRoot, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
				if ((mode & OWNER_RX) != OWNER_RX) {
					Files.setAttribute(dir, "unix:mode", mode | OWNER_RX, LinkOption.NOFOLLOW_LINKS);
					reopened.push(mode & 07777);
				}
				else {
					reopened.push(-1);
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				if (attrs.isSymbolicLink()) {
					checkResolvesInside(stagingRoot, finalRoot, file, index);
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
				int mode = reopened.pop();
				if (mode >= 0) {
					Files.setAttribute(dir, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
				}
				if (failure != null) {
					throw failure;
				}
				return FileVisitResult.CONTINUE;
			}

		});
	}

	/**
	 * Resolves one staged link through the staged tree, step by step, and refuses it when
	 * a step leaves the directory, when it points to an absolute path outside it, or when
	 * it loops.
	 * @param stagingRoot the staging directory the link is in
	 * @param finalRoot the target directory the staging directory becomes
	 * @param link the staged link
	 * @param index the directory's index among the targets, for the entry's name
	 */
	private void checkResolvesInside(Path stagingRoot, Path finalRoot, Path link, int index) throws IOException {
		String entryName = index + "/" + stagingRoot.relativize(link).toString();
		Deque<String> position = new ArrayDeque<>();
		stagingRoot.relativize(link.getParent()).forEach((segment) -> {
			if (!segment.toString().isEmpty()) {
				position.addLast(segment.toString());
			}
		});
		Deque<String> todo = new ArrayDeque<>();
		String target = Files.readSymbolicLink(link).toString();
		int hops = 0;
		while (true) {
			Path targetPath = Path.of(target);
			if (targetPath.isAbsolute()) {
				if (!targetPath.startsWith(finalRoot)) {
					throw reject(entryName, "its symbolic link leads to '" + target + "', outside " + finalRoot);
				}
				position.clear();
				targetPath = finalRoot.relativize(targetPath);
			}
			List<String> segments = new ArrayList<>();
			targetPath.forEach((segment) -> segments.add(segment.toString()));
			for (int i = segments.size() - 1; i >= 0; i--) {
				todo.addFirst(segments.get(i));
			}
			String next = null;
			while (!todo.isEmpty()) {
				String segment = todo.pollFirst();
				if (segment.isEmpty() || segment.equals(".")) {
					continue;
				}
				if (segment.equals("..")) {
					if (position.isEmpty()) {
						throw reject(entryName, "its symbolic link, followed through the links it passes ('"
								+ Files.readSymbolicLink(link) + "'), leads outside " + finalRoot);
					}
					position.removeLast();
					continue;
				}
				position.addLast(segment);
				Path here = stagingRoot.resolve(String.join("/", position));
				BasicFileAttributes attributes;
				try {
					attributes = Files.readAttributes(here, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
				}
				catch (NoSuchFileException ex) {
					// not in the tree (a dangling link, or a name under one): the rest is
					// lexical
					continue;
				}
				catch (AccessDeniedException ex) {
					throw reject(entryName, "its symbolic link leads through " + here.getParent()
							+ ", a directory whose mode hides what it holds, so where it leads cannot be checked");
				}
				if (attributes.isSymbolicLink()) {
					if (++hops > MAX_LINK_HOPS) {
						throw reject(entryName,
								"its symbolic link passes through more than " + MAX_LINK_HOPS + " links (a loop)");
					}
					position.removeLast();
					next = Files.readSymbolicLink(here).toString();
					break;
				}
			}
			if (next == null) {
				return;
			}
			target = next;
		}
	}

	/**
	 * Applies the mode and mtime of directories whose content is complete: all pending
	 * directories that do not contain {@code next} ({@code null}: all). Entries come
	 * depth-first, so pending directories form a path.
	 * @param next where the next entry is written, or {@code null} once the artifact is
	 * read to its end
	 */
	private void completeDirectories(Path next) throws IOException {
		while (!this.pending.isEmpty() && (next == null || !next.startsWith(this.pending.peek().path()))) {
			PendingDirectory directory = this.pending.pop();
			// its entries on disk first, while it is still ours to read (its mode may
			// take that away)
			forceDirectory(directory.path());
			applyModeAndTime(directory.path(), directory.mode(), directory.mtime());
			if (directory.path().equals(this.checkedParent)
					|| (this.checkedParent != null && this.checkedParent.startsWith(directory.path()))) {
				this.checkedParent = null;
			}
		}
	}

	private void replaceContent(int index) throws IOException {
		Path target = this.targets.get(index).toRealPath();
		Path stagingRoot = this.staging[index];
		try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
			for (Path child : children) {
				if (child.equals(stagingRoot)) {
					continue;
				}
				if (this.policy != RestorePolicy.OVERWRITE) {
					throw new RestoreRefusedException("Restore target " + target + " of component '" + this.name
							+ "' is no longer empty (" + child.getFileName() + " appeared during the restore) "
							+ "and the restore policy is fail-if-exists: empty the directory, or restore with "
							+ "policy overwrite to replace its content");
				}
				deleteTree(child);
			}
		}
		try (DirectoryStream<Path> children = Files.newDirectoryStream(stagingRoot)) {
			for (Path child : children) {
				moveUp(child, target.resolve(child.getFileName()));
			}
		}
		Files.delete(stagingRoot);
		this.staging[index] = null;
		// the renames into the target on disk before the restore is READY
		forceDirectory(target);
		TarArchiveEntry root = this.rootEntries[index];
		if (root != null) {
			applyModeAndTime(target, root.getMode(), mtime(root));
		}
		else if (!this.createdTarget[index]) {
			Files.setAttribute(target, "unix:mode", this.originalModes[index]);
		}
	}

	/**
	 * Moves a staged entry into its target. Moving a directory to another parent needs
	 * write permission on it (its {@code ..} changes), so a read-only directory is opened
	 * up for the move, then gets its mode and mtime back.
	 * @param child an entry directly inside a staging directory
	 * @param dest its path in the target directory
	 */
	private void moveUp(Path child, Path dest) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		if (!attributes.isDirectory()) {
			Files.move(child, dest);
			return;
		}
		int mode = (Integer) Files.getAttribute(child, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		if ((mode & OWNER_RWX) != OWNER_RWX) {
			Files.setAttribute(child, "unix:mode", mode | OWNER_RWX, LinkOption.NOFOLLOW_LINKS);
		}
		Files.move(child, dest);
		applyModeAndTime(dest, mode, attributes.lastModifiedTime());
	}

	/**
	 * Makes a directory's entries durable (fsync of the directory, as after creating or
	 * renaming files in it). A directory we may not open for reading (a mode without the
	 * owner's read permission) is left to the file system's own writeback, with a
	 * warning.
	 * @param directory a restored directory whose entries were created or renamed
	 */
	private void forceDirectory(Path directory) throws IOException {
		try {
			Directories.force(directory);
		}
		catch (AccessDeniedException ex) {
			logger.warn("Could not flush a restored directory to disk (not readable): component=" + this.name
					+ " directory=" + directory);
		}
	}

	private void removeStaging() {
		for (int i = 0; i < this.targets.size(); i++) {
			try {
				if (this.staging[i] != null) {
					deleteTree(this.staging[i]);
				}
				if (this.createdTarget[i]) {
					Files.deleteIfExists(this.targets.get(i));
				}
				else if (this.originalMtimes[i] != null) {
					applyModeAndTime(this.targets.get(i).toRealPath(), this.originalModes[i], this.originalMtimes[i]);
				}
			}
			catch (IOException ex) {
				logger.warn("Could not remove the staging directory of a failed restore: component=" + this.name
						+ " path=" + this.staging[i] + " error=" + ex);
			}
		}
	}

	/**
	 * Deletes a tree without following links, opening up read-only directories on the
	 * way.
	 * @param root the file or directory to delete, with everything under it
	 */
	static void deleteTree(Path root) throws IOException {
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
				if ((mode & OWNER_RWX) != OWNER_RWX) {
					Files.setAttribute(dir, "unix:mode", mode | OWNER_RWX, LinkOption.NOFOLLOW_LINKS);
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
				if (ex != null) {
					throw ex;
				}
				Files.delete(dir);
				return FileVisitResult.CONTINUE;
			}

		});
	}

	private static void applyModeAndTime(Path path, int mode, FileTime mtime) throws IOException {
		Files.setAttribute(path, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
		Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
			.setTimes(mtime, null, null);
	}

	/**
	 * The entry's mtime, with nanoseconds when the writer stored them.
	 * @param entry an entry of the artifact
	 * @return its mtime: from the {@link DirectoryArchiveWriter#MTIME_KEY} PAX header if
	 * the writer stored one, else from the entry's standard headers
	 */
	private static FileTime mtime(TarArchiveEntry entry) throws IOException {
		String precise = entry.getExtraPaxHeader(DirectoryArchiveWriter.MTIME_KEY);
		if (precise == null) {
			return entry.getLastModifiedTime();
		}
		try {
			BigDecimal seconds = new BigDecimal(precise);
			long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
			int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
			return FileTime.from(Instant.ofEpochSecond(whole, nanos));
		}
		catch (ArithmeticException | NumberFormatException ex) {
			throw new IOException("Entry '" + entry.getName() + "' has a malformed " + DirectoryArchiveWriter.MTIME_KEY
					+ " header '" + precise + "'", ex);
		}
	}

	private void createNew(IoAction action, String entryName) throws IOException {
		try {
			action.run();
		}
		catch (FileAlreadyExistsException ex) {
			throw reject(entryName, "it appears twice or replaces another entry");
		}
	}

	private IOException reject(String entryName, String reason) {
		return new IOException("Refused to restore entry '" + entryName + "' of component '" + this.name + "': "
				+ reason + "; nothing was changed in the target directories");
	}

	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

	private record PendingDirectory(Path path, int mode, FileTime mtime) {
	}

}
