package org.backplane.service.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Files and folders only their owner (the service's user) can use: folders {@code 0700},
 * files {@code 0600}. What the service keeps under its home (the embedded PostgreSQL, its
 * password, the secrets key, the sample) is created this way, and
 * {@link #restrict(Path, boolean)} takes the group's and other users' access away from
 * what an earlier version left open.
 * <p>
 * Modes are set explicitly after creation, never left to the process's umask. On a file
 * system without POSIX permissions (Windows) nothing is changed.
 */
public final class OwnerOnly {

	/** {@code 0700}. */
	public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

	/** {@code 0600}. */
	public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> OWNER_BITS = EnumSet.of(PosixFilePermission.OWNER_READ,
			PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

	private OwnerOnly() {
	}

	/**
	 * Creates a folder and its missing parents, each {@code 0700}; folders that exist are
	 * left as they are.
	 * @param folder the folder
	 * @return the folder
	 * @throws IOException if a folder cannot be created
	 */
	public static Path createDirectories(Path folder) throws IOException {
		return createDirectories(folder, FOLDER);
	}

	/**
	 * Creates a folder and its missing parents with the given mode; folders that exist
	 * are left as they are. Each missing folder is created with the mode (so it is never
	 * wider for a moment, whatever the umask) and then set to exactly the mode (which the
	 * umask may have narrowed).
	 * @param folder the folder
	 * @param mode the mode of the folders created
	 * @return the folder
	 * @throws IOException if a folder cannot be created, or a part of the path is a file
	 */
	public static Path createDirectories(Path folder, Set<PosixFilePermission> mode) throws IOException {
		Path absolute = folder.toAbsolutePath();
		Deque<Path> missing = new ArrayDeque<>();
		Path existing = absolute;
		while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
			missing.push(existing);
			existing = existing.getParent();
		}
		if (existing != null && !Files.isDirectory(existing)) {
			throw new FileAlreadyExistsException(existing.toString(), null, "not a folder");
		}
		boolean posix = supportsPosix((existing != null) ? existing : absolute.getRoot());
		while (!missing.isEmpty()) {
			Path next = missing.pop();
			try {
				if (posix) {
					Files.createDirectory(next, PosixFilePermissions.asFileAttribute(mode));
					setMode(next, mode);
				}
				else {
					Files.createDirectory(next);
				}
			}
			catch (FileAlreadyExistsException ex) {
				// created meanwhile (another thread or process): fine if it is a folder
				if (!Files.isDirectory(next)) {
					throw ex;
				}
			}
		}
		return folder;
	}

	/**
	 * Writes a small file whole and durably, {@code 0600}: a temporary file in the same
	 * folder is written, forced to disk and renamed over the target, then the folder is
	 * forced; a crash leaves the old content or the new one, never a part.
	 * @param file the file
	 * @param content its content
	 * @throws IOException if it cannot be written
	 */
	public static void write(Path file, byte[] content) throws IOException {
		Path folder = file.toAbsolutePath().getParent();
		Path temporary = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			try (FileChannel channel = supportsPosix(folder)
					? FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
							fileAttribute())
					: FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
		try {
			Directories.force(folder);
		}
		catch (IOException ex) {
			// not every platform can sync a folder; the file's content is on disk
		}
	}

	/**
	 * Takes the group's and other users' permissions away from a file or folder (and,
	 * with {@code recursive}, from everything under a folder), keeping the owner's: a
	 * folder {@code 0755} becomes {@code 0700}, a file {@code 0644} becomes {@code 0600},
	 * an executable {@code 0755} becomes {@code 0700}. Symbolic links are neither changed
	 * nor followed. Entries that vanish meanwhile are skipped.
	 * @param path the file or folder; nothing happens if it does not exist
	 * @param recursive whether to walk a folder's content too
	 * @return what was changed, with the modes it had, in walk order
	 * @throws IOException if a mode cannot be read or set
	 */
	public static List<Change> restrict(Path path, boolean recursive) throws IOException {
		List<Change> changes = new ArrayList<>();
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || !supportsPosix(path)) {
			return changes;
		}
		if (recursive && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
			// a folder is restricted before it is entered; a running PostgreSQL may
			// remove
			// files meanwhile, which are skipped
			Files.walkFileTree(path, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
					restrictOne(dir, changes);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					restrictOne(file, changes);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
					if (ex instanceof NoSuchFileException) {
						return FileVisitResult.CONTINUE;
					}
					throw ex;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
					if (ex != null && !(ex instanceof NoSuchFileException)) {
						throw ex;
					}
					return FileVisitResult.CONTINUE;
				}

			});
		}
		else {
			restrictOne(path, changes);
		}
		return changes;
	}

	private static void restrictOne(Path path, List<Change> changes) throws IOException {
		PosixFileAttributes attributes;
		try {
			attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return;
		}
		if (attributes.isSymbolicLink()) {
			return;
		}
		Set<PosixFilePermission> was = attributes.permissions();
		Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
		owner.addAll(was);
		owner.retainAll(OWNER_BITS);
		if (owner.equals(was)) {
			return;
		}
		try {
			setMode(path, owner);
		}
		catch (NoSuchFileException ex) {
			return;
		}
		changes.add(new Change(path, attributes.isDirectory(), was, owner));
	}

	/**
	 * Sets a file's or folder's mode exactly, without following a symbolic link.
	 * @param path the file or folder
	 * @param mode the mode
	 * @throws IOException if the mode cannot be set
	 */
	public static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
		PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
				LinkOption.NOFOLLOW_LINKS);
		if (view != null) {
			view.setPermissions(mode);
		}
	}

	/**
	 * Whether the file system holding a path has POSIX permissions.
	 * @param path a path on it
	 * @return {@code true} on Linux and macOS file systems
	 */
	public static boolean supportsPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	/**
	 * A mode as {@code ls} and {@code chmod} write it in octal, e.g. {@code 0640}.
	 * @param mode the permissions
	 * @return four octal digits
	 */
	public static String octal(Set<PosixFilePermission> mode) {
		int bits = 0;
		for (PosixFilePermission permission : mode) {
			bits |= 1 << (8 - permission.ordinal());
		}
		return String.format("%04o", bits);
	}

	private static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
		return PosixFilePermissions.asFileAttribute(FILE);
	}

	/**
	 * One mode made owner-only.
	 *
	 * @param path the file or folder
	 * @param folder whether it is a folder
	 * @param before its mode before
	 * @param after its mode now
	 */
	public record Change(Path path, boolean folder, Set<PosixFilePermission> before, Set<PosixFilePermission> after) {

	}

}
