package org.backplane.service.storage.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.storage.StorageKeyExistsException;
import org.backplane.service.storage.StorageKeyNotFoundException;
import org.backplane.service.storage.StorageKeyOrder;
import org.backplane.service.storage.StorageKeys;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageReachability;
import org.backplane.service.storage.StorageUnfinishedWrites;
import org.backplane.service.support.Directories;
import org.backplane.service.support.OwnerOnly;

/**
 * Stores objects as files under a root directory: key {@code a/b/c} is the file
 * {@code <root>/a/b/c}.
 * <p>
 * A put streams into a temporary file in the hidden folder {@value #TEMP_DIR} under the
 * root (same file system, so publishing is a link or rename, never a copy), forces it to
 * disk, then publishes it under its key without ever replacing an existing file. Keys
 * whose first segment is {@value #TEMP_DIR} are refused, and that folder is never listed.
 * Empty folders are removed when their last object is deleted.
 * <p>
 * Objects and temporary files get the configured mode
 * ({@code backplane.storage.file.mode}, default {@code 0600}) and the folders this
 * provider creates, the root included, the matching folder mode (default {@code 0700});
 * folders that exist are left as they are.
 * <p>
 * Unlike object stores, a key cannot be both an object and a folder: with an object under
 * {@code a}, a put of {@code a/b} fails (and the other way round).
 */
final class FileStorageProvider implements StorageProvider, StorageReachability, StorageUnfinishedWrites {

	/** The hidden folder under the root that holds writes in progress. */
	static final String TEMP_DIR = ".backplane-tmp";

	/** Between the encoded folder and the random part of a temporary file's name. */
	private static final String TEMP_SEPARATOR = "~";

	private static final String TEMP_SUFFIX = ".tmp";

	/**
	 * The longest encoded folder a temporary file's name holds (names end at 255 bytes).
	 */
	private static final int MAX_FOLDER_IN_NAME = 200;

	private static final Log logger = LogFactory.getLog(FileStorageProvider.class);

	private static final int BUFFER_SIZE = 128 * 1024;

	private static final int PUBLISH_ATTEMPTS = 16;

	private static final Comparator<Entry> ENTRY_ORDER = Comparator.comparing(Entry::sortName,
			StorageKeyOrder.COMPARATOR);

	private final Path root;

	private final Path tempDir;

	private final boolean fsync;

	private final FileModes modes;

	private final boolean posix;

	/** Guards the rename fallback, used only where the file system has no hard links. */
	private final Object[] moveLocks = new Object[64];

	private volatile boolean hardLinks = true;

	FileStorageProvider(Path root, boolean fsync) {
		this(root, fsync, FileModes.OWNER_ONLY, true);
	}

	FileStorageProvider(Path root, boolean fsync, FileModes modes) {
		this(root, fsync, modes, true);
	}

	FileStorageProvider(Path root, boolean fsync, FileModes modes, boolean hardLinks) {
		this.root = root;
		this.hardLinks = hardLinks;
		this.tempDir = root.resolve(TEMP_DIR);
		this.fsync = fsync;
		this.modes = modes;
		this.posix = OwnerOnly.supportsPosix(root);
		for (int i = 0; i < this.moveLocks.length; i++) {
			this.moveLocks[i] = new Object();
		}
	}

	Path root() {
		return this.root;
	}

	@Override
	public long put(String key, InputStream data) throws IOException {
		Path target = resolve(key);
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			throw new StorageKeyExistsException(key);
		}
		OwnerOnly.createDirectories(this.tempDir, this.modes.folder());
		Path temp = this.tempDir.resolve(temporaryName(key));
		try {
			long size;
			try (FileChannel channel = createTemporary(temp)) {
				size = copy(data, channel);
				if (this.fsync) {
					channel.force(true);
				}
			}
			publish(key, temp, target);
			if (this.fsync) {
				forceDirectory(target.getParent());
			}
			return size;
		}
		finally {
			// After a hard link the temporary name is a second link to the published
			// file; after a failure it is the partial data: either way it goes
			try {
				Files.deleteIfExists(temp);
			}
			catch (IOException ex) {
				logger.warn("Could not remove temporary file: path=" + temp + " reason=" + ex.getMessage());
			}
		}
	}

	/**
	 * A temporary file's name: the key's folder, encoded, so that what a killed put left
	 * can be found and removed by folder ({@link #removeUnfinishedWrites}), then a random
	 * part. A folder too long to fit a file name is left out (such a file is then only
	 * removed by hand).
	 * @param key the key being written
	 * @return e.g. {@code backups%2Fnightly-…%2F~<uuid>.tmp}
	 */
	private static String temporaryName(String key) {
		int slash = key.lastIndexOf('/');
		String folder = (slash >= 0) ? URLEncoder.encode(key.substring(0, slash + 1), StandardCharsets.UTF_8) : "";
		if (folder.length() > MAX_FOLDER_IN_NAME) {
			folder = "";
		}
		return folder + TEMP_SEPARATOR + UUID.randomUUID() + TEMP_SUFFIX;
	}

	@Override
	public Set<String> foldersWithUnfinishedWrites() throws IOException {
		Set<String> folders = new TreeSet<>();
		if (!Files.isDirectory(this.tempDir, LinkOption.NOFOLLOW_LINKS)) {
			return folders;
		}
		try (DirectoryStream<Path> temps = Files.newDirectoryStream(this.tempDir)) {
			for (Path temp : temps) {
				String name = temp.getFileName().toString();
				int separator = name.indexOf(TEMP_SEPARATOR);
				if (separator > 0 && name.endsWith(TEMP_SUFFIX)) {
					folders.add(URLDecoder.decode(name.substring(0, separator), StandardCharsets.UTF_8));
				}
			}
		}
		return folders;
	}

	@Override
	public int removeUnfinishedWrites(String folder) throws IOException {
		if (!Files.isDirectory(this.tempDir, LinkOption.NOFOLLOW_LINKS)) {
			return 0;
		}
		String prefix = URLEncoder.encode(folder, StandardCharsets.UTF_8) + TEMP_SEPARATOR;
		int removed = 0;
		try (DirectoryStream<Path> temps = Files.newDirectoryStream(this.tempDir,
				(temp) -> temp.getFileName().toString().startsWith(prefix))) {
			for (Path temp : temps) {
				if (Files.deleteIfExists(temp)) {
					removed++;
				}
			}
		}
		return removed;
	}

	/**
	 * Creates a temporary file with the objects' mode: never wider for a moment (it is
	 * created with that mode, less what the umask takes away), then exactly that mode. A
	 * hard link or rename publishes it with its mode.
	 * @param temp the temporary file's path
	 * @return the open file
	 */
	private FileChannel createTemporary(Path temp) throws IOException {
		if (!this.posix) {
			return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		}
		FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
				PosixFilePermissions.asFileAttribute(this.modes.file()));
		try {
			OwnerOnly.setMode(temp, this.modes.file());
			return channel;
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	private static long copy(InputStream data, FileChannel channel) throws IOException {
		byte[] buffer = new byte[BUFFER_SIZE];
		ByteBuffer wrapped = ByteBuffer.wrap(buffer);
		long total = 0;
		int read;
		while ((read = data.read(buffer)) != -1) {
			wrapped.clear().limit(read);
			while (wrapped.hasRemaining()) {
				channel.write(wrapped);
			}
			total += read;
		}
		return total;
	}

	/**
	 * Publishes the finished temporary file under its key, never replacing a file that is
	 * there.
	 * <p>
	 * A plain {@code Files.move(..., ATOMIC_MOVE)} is {@code rename(2)}, which silently
	 * replaces an existing target, and checking for the target first leaves a race
	 * between two writers of one key (two threads, or two service replicas sharing the
	 * directory). {@code link(2)} (Files.createLink) is atomic and fails with EEXIST when
	 * the target exists, across processes and on NFS, and the object appears complete in
	 * one step; the temporary name is then removed. Where the file system has no hard
	 * links (some FUSE and SMB mounts), we fall back to a check-then-rename with
	 * ATOMIC_MOVE under a per-key lock, which is safe between the threads of this process
	 * only.
	 * <p>
	 * A concurrent delete may prune the freshly created parent folder before the link:
	 * then the folders are created again and the link retried.
	 * @param key the storage key, for the failure when it exists already
	 * @param temp the finished temporary file
	 * @param target the key's file
	 */
	private void publish(String key, Path temp, Path target) throws IOException {
		for (int attempt = 1;; attempt++) {
			try {
				// in the try: a concurrent delete may prune a folder as it is being made
				createParents(key, target);
				if (this.hardLinks) {
					try {
						Files.createLink(target, temp);
						return;
					}
					catch (UnsupportedOperationException ex) {
						noHardLinks(ex.toString());
					}
					catch (FileSystemException ex) {
						if (!isLinkUnsupported(ex)) {
							throw ex;
						}
						noHardLinks(ex.getMessage());
					}
				}
				moveWithoutReplacing(temp, target);
				return;
			}
			catch (FileAlreadyExistsException ex) {
				throw new StorageKeyExistsException(key);
			}
			catch (NoSuchFileException ex) {
				if (attempt >= PUBLISH_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private static boolean isLinkUnsupported(FileSystemException ex) {
		// EPERM ("Operation not permitted") or EXDEV/ENOTSUP are what file systems
		// without hard links answer; these come as a plain FileSystemException, unlike
		// EEXIST/ENOENT/EACCES which have subclasses
		return ex.getClass() == FileSystemException.class;
	}

	private void noHardLinks(String reason) {
		if (this.hardLinks) {
			this.hardLinks = false;
			logger.warn("File system has no hard links, publishing by rename under a process-local lock: root="
					+ this.root + " reason=" + reason);
		}
	}

	private void moveWithoutReplacing(Path temp, Path target) throws IOException {
		synchronized (this.moveLocks[Math.floorMod(target.hashCode(), this.moveLocks.length)]) {
			if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
				throw new FileAlreadyExistsException(target.toString());
			}
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				throw new IOException("File system cannot rename atomically under " + this.root, ex);
			}
		}
	}

	private void createParents(String key, Path target) throws IOException {
		try {
			OwnerOnly.createDirectories(target.getParent(), this.modes.folder());
		}
		catch (FileAlreadyExistsException ex) {
			throw new IOException("Cannot store key " + key + ": a part of its path is an object, not a folder", ex);
		}
	}

	private void forceDirectory(Path dir) {
		try {
			Directories.force(dir);
		}
		catch (IOException ex) {
			// Not every platform can open a directory for syncing; the file's data itself
			// is on disk
			logger.debug("Could not sync directory: path=" + dir + " reason=" + ex.getMessage());
		}
	}

	@Override
	public InputStream get(String key) throws IOException {
		Path path = resolve(key);
		if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
			throw new StorageKeyNotFoundException(key);
		}
		try {
			return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			throw new StorageKeyNotFoundException(key);
		}
	}

	@Override
	public Stream<StorageObject> list(String prefix) throws IOException {
		StorageKeys.checkPrefix(prefix);
		int slash = prefix.lastIndexOf('/');
		String folder = prefix.substring(0, slash + 1);
		String namePrefix = prefix.substring(slash + 1);
		if (folder.contains("//") || folder.equals(TEMP_DIR + "/") || folder.startsWith(TEMP_DIR + "/")) {
			return Stream.empty();
		}
		Path start = folder.isEmpty() ? this.root : this.root.resolve(folder.substring(0, folder.length() - 1));
		Walk walk = new Walk(new Frame(folder, read(start, namePrefix, folder.isEmpty()).iterator()));
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk,
				Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
	}

	/**
	 * Reads one folder's entries that start with {@code namePrefix}, sorted in key order:
	 * a folder sorts as its name followed by {@code /}, so {@code a-b} comes before the
	 * contents of {@code a/}, which come before {@code a0}.
	 * @param dir the folder to read
	 * @param namePrefix what the names of the entries returned start with ({@code ""} for
	 * all)
	 * @param isRoot whether {@code dir} is the provider's root, whose {@value #TEMP_DIR}
	 * folder is skipped
	 * @return the folder's files and sub-folders, sorted in key order; empty if the
	 * folder is gone or is not a folder
	 */
	private List<Entry> read(Path dir, String namePrefix, boolean isRoot) throws IOException {
		List<Entry> entries = new ArrayList<>();
		try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
			for (Path child : children) {
				String name = child.getFileName().toString();
				if (!name.startsWith(namePrefix) || (isRoot && name.equals(TEMP_DIR))) {
					continue;
				}
				BasicFileAttributes attributes;
				try {
					attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
				}
				catch (NoSuchFileException ex) {
					continue;
				}
				if (attributes.isDirectory()) {
					entries.add(new Entry(child, name + "/", true, 0, null));
				}
				else if (attributes.isRegularFile()) {
					entries.add(new Entry(child, name, false, attributes.size(),
							attributes.lastModifiedTime().toInstant()));
				}
			}
		}
		catch (NoSuchFileException | NotDirectoryException ex) {
			return List.of();
		}
		entries.sort(ENTRY_ORDER);
		return entries;
	}

	@Override
	public void delete(String key) throws IOException {
		Path path = resolve(key);
		if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (Files.deleteIfExists(path)) {
			prune(path.getParent());
		}
	}

	private void prune(Path dir) throws IOException {
		while (dir != null && !dir.equals(this.root) && dir.startsWith(this.root)) {
			try {
				Files.delete(dir);
			}
			catch (DirectoryNotEmptyException | NoSuchFileException ex) {
				return;
			}
			dir = dir.getParent();
		}
	}

	@Override
	public boolean exists(String key) throws IOException {
		return Files.isRegularFile(resolve(key), LinkOption.NOFOLLOW_LINKS);
	}

	@Override
	public String describe() {
		String uri = this.root.toUri().toString();
		return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
	}

	@Override
	public void checkReachable() throws IOException {
		Path existing = this.root;
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (existing == null || !Files.isDirectory(existing)) {
			throw new NoSuchFileException(this.root.toString(), null, "not a directory");
		}
		if (!Files.isWritable(existing)) {
			throw new AccessDeniedException(existing.toString(), null, "not writable");
		}
	}

	private Path resolve(String key) {
		StorageKeys.check(key);
		if (key.equals(TEMP_DIR) || key.startsWith(TEMP_DIR + "/")) {
			throw new IllegalArgumentException(
					"Storage key must not start with '" + TEMP_DIR + "', reserved by the file provider: " + key);
		}
		return this.root.resolve(key);
	}

	@Override
	public String toString() {
		return "FileStorageProvider[" + describe() + "]";
	}

	private record Entry(Path path, String sortName, boolean directory, long size, Instant lastModified) {

	}

	private record Frame(String keyPrefix, Iterator<Entry> entries) {

	}

	/**
	 * Depth-first walk in key order, holding one sorted folder listing per level of the
	 * current path.
	 */
	private final class Walk implements Iterator<StorageObject> {

		private final Deque<Frame> stack = new ArrayDeque<>();

		private StorageObject next;

		Walk(Frame first) {
			this.stack.push(first);
		}

		@Override
		public boolean hasNext() {
			while (this.next == null && !this.stack.isEmpty()) {
				Frame frame = this.stack.peek();
				if (!frame.entries().hasNext()) {
					this.stack.pop();
					continue;
				}
				Entry entry = frame.entries().next();
				String key = frame.keyPrefix() + entry.sortName();
				if (entry.directory()) {
					try {
						this.stack.push(new Frame(key, read(entry.path(), "", false).iterator()));
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
				else {
					this.next = new StorageObject(key, entry.size(), entry.lastModified());
				}
			}
			return this.next != null;
		}

		@Override
		public StorageObject next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			StorageObject result = this.next;
			this.next = null;
			return result;
		}

	}

}
