package org.backplane.service.source.directory;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.source.SourceComponent.Progress;

/**
 * Writes the artifact of a {@code directory} component: a tar.gz whose first entry is
 * {@value #MANIFEST_ENTRY} and whose {@code i}-th directory lies under {@code i/}. Walks
 * each tree lazily, so memory does not grow with the tree.
 */
class DirectoryArchiveWriter {

	/**
	 * Name of the first entry of every artifact: a properties file naming the format and
	 * the directories.
	 */
	static final String MANIFEST_ENTRY = "backplane-directory.properties";

	/**
	 * The artifact format written; a restore refuses artifacts of a format it does not
	 * know.
	 */
	static final String FORMAT = "1";

	static final int BUFFER_SIZE = 64 * 1024;

	private static final int TYPE_MASK = 0170000;

	private static final int TYPE_DIRECTORY = 0040000;

	private static final int TYPE_FILE = 0100000;

	private static final int TYPE_LINK = 0120000;

	/**
	 * PAX key holding the mtime with nanoseconds; the standard {@code mtime} key as
	 * written by commons-compress keeps only 100 ns.
	 */
	static final String MTIME_KEY = "BACKPLANE.mtime";

	private static final Log logger = LogFactory.getLog(DirectoryArchiveWriter.class);

	private final String name;

	private final List<Path> configuredPaths;

	private final int compressionLevel;

	private final byte[] buffer = new byte[BUFFER_SIZE];

	DirectoryArchiveWriter(String name, List<Path> configuredPaths, int compressionLevel) {
		this.name = name;
		this.configuredPaths = configuredPaths;
		this.compressionLevel = compressionLevel;
	}

	/**
	 * Writes the artifact.
	 * @param roots the real paths of the configured directories, in configuration order
	 * @param out where the artifact goes; flushed, not closed
	 * @param progress told about every file, link and byte
	 */
	void write(List<Path> roots, OutputStream out, Progress progress) throws IOException {
		OutputStream buffered = new BufferedOutputStream(CloseShieldOutputStream.wrap(out), BUFFER_SIZE);
		AdaptiveGzipOutputStream gzip = new AdaptiveGzipOutputStream(buffered, this.compressionLevel, BUFFER_SIZE);
		// Blocks of one 512-byte record: every record reaches the gzip stream as soon as
		// it is complete, so the stream knows exactly where each file's content begins
		// and ends (AdaptiveGzipOutputStream stages them)
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, TarConstants.DEFAULT_RCDSIZE,
				StandardCharsets.UTF_8.name())) {
			// PAX headers: long and non-ASCII names, files over 8 GiB, ids over 2^21,
			// sub-second mtimes
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			tar.setAddPaxHeadersForNonAsciiNames(true);
			writeManifest(tar);
			for (int i = 0; i < roots.size(); i++) {
				writeTree(tar, gzip, i, roots.get(i), progress);
			}
			tar.finish();
		}
		if (gzip.storedBytes() > 0) {
			logger.info("Stored without compressing what did not compress: component=" + this.name + " storedBytes="
					+ gzip.storedBytes());
		}
	}

	private void writeManifest(TarArchiveOutputStream tar) throws IOException {
		Properties manifest = new Properties();
		manifest.setProperty("format", FORMAT);
		manifest.setProperty("component", this.name);
		manifest.setProperty("paths", Integer.toString(this.configuredPaths.size()));
		for (int i = 0; i < this.configuredPaths.size(); i++) {
			manifest.setProperty("path." + i, this.configuredPaths.get(i).toString());
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		manifest.store(bytes, "Backplane directory source artifact; entry i/ holds directory path.i");
		byte[] content = bytes.toByteArray();
		TarArchiveEntry entry = new TarArchiveEntry(MANIFEST_ENTRY);
		entry.setSize(content.length);
		entry.setMode(TYPE_FILE | 0644);
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}

	private void writeTree(TarArchiveOutputStream tar, AdaptiveGzipOutputStream gzip, int index, Path root,
			Progress progress) throws IOException {
		try (Stream<Path> tree = Files.walk(root)) {
			Iterator<Path> it = tree.iterator();
			while (it.hasNext()) {
				Path file = it.next();
				if (!DirectorySourceComponent.isStaging(root, file)) {
					writeEntry(tar, gzip, index, root, file, progress);
				}
			}
		}
		catch (UncheckedIOException ex) {
			throw new IOException("Cannot read the directories of component '" + this.name + "': " + ex.getCause(),
					ex.getCause());
		}
	}

	private void writeEntry(TarArchiveOutputStream tar, AdaptiveGzipOutputStream gzip, int index, Path root, Path file,
			Progress progress) throws IOException {
		Map<String, Object> attributes;
		try {
			attributes = Files.readAttributes(file, "unix:mode,uid,gid,size,lastModifiedTime",
					LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			// Deleted since the walk listed it: not part of the backup
			logger.debug("Skipping file deleted during backup: component=" + this.name + " path=" + file);
			return;
		}
		int mode = (Integer) attributes.get("mode");
		String name = entryName(index, root, file);
		int type = mode & TYPE_MASK;
		TarArchiveEntry entry;
		if (type == TYPE_DIRECTORY) {
			entry = new TarArchiveEntry(name + "/");
		}
		else if (type == TYPE_FILE) {
			entry = new TarArchiveEntry(name);
		}
		else if (type == TYPE_LINK) {
			entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
			entry.setLinkName(checkedLinkTarget(root, file));
		}
		else {
			logger.warn("Skipping special file (socket, FIFO or device), which a backup cannot hold: component="
					+ this.name + " path=" + file);
			return;
		}
		entry.setMode(mode & 07777 | type);
		entry.setUserId(((Number) attributes.get("uid")).longValue());
		entry.setGroupId(((Number) attributes.get("gid")).longValue());
		FileTime mtime = (FileTime) attributes.get("lastModifiedTime");
		entry.setLastModifiedTime(mtime);
		Instant instant = mtime.toInstant();
		if (instant.getNano() % 100 != 0) {
			entry.addPaxHeader(MTIME_KEY, instant.getEpochSecond() + "." + String.format("%09d", instant.getNano()));
		}
		if (type != TYPE_FILE) {
			tar.putArchiveEntry(entry);
			tar.closeArchiveEntry();
			if (type == TYPE_LINK) {
				progress.advance(1, 0);
			}
			return;
		}
		long size = ((Number) attributes.get("size")).longValue();
		entry.setSize(size);
		// Opened before the header is written, so an unreadable file fails with its path
		// and no partial entry
		try (InputStream in = openFile(file)) {
			tar.putArchiveEntry(entry);
			gzip.beginContent();
			copyExactly(in, tar, size, file, progress);
			tar.closeArchiveEntry();
			gzip.endContent();
		}
		progress.advance(1, 0);
	}

	private InputStream openFile(Path file) throws IOException {
		try {
			return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			throw new IOException("Cannot read file " + file + " of component '" + this.name + "': " + ex, ex);
		}
	}

	/**
	 * Copies exactly {@code size} bytes, the size already written in the entry's header:
	 * a file that grew is cut at that size, a file that shrank fails the backup (padding
	 * it would store content that never existed).
	 * @param in the file's content
	 * @param out the tar stream, at the start of the entry's content
	 * @param size the file's size in the entry's header
	 * @param file the file, for messages
	 * @param progress advanced by every byte copied
	 */
	private void copyExactly(InputStream in, OutputStream out, long size, Path file, Progress progress)
			throws IOException {
		long remaining = size;
		while (remaining > 0) {
			int read;
			try {
				read = in.read(this.buffer, 0, (int) Math.min(this.buffer.length, remaining));
			}
			catch (IOException ex) {
				throw new IOException("Cannot read file " + file + " of component '" + this.name + "': " + ex, ex);
			}
			if (read < 0) {
				throw new IOException("File " + file + " of component '" + this.name + "' shrank from " + size + " to "
						+ (size - remaining) + " bytes while it was backed up; stop writers to the "
						+ "directory during backups and try again");
			}
			out.write(this.buffer, 0, read);
			remaining -= read;
			progress.advance(0, read);
		}
		if (in.read() >= 0) {
			logger.warn("File grew while it was backed up; stored its first bytes only: component=" + this.name
					+ " path=" + file + " storedBytes=" + size);
		}
	}

	/**
	 * Reads a link's target and refuses one that leaves its directory: a restore would
	 * refuse it, so the backup fails now rather than produce an artifact that cannot be
	 * restored.
	 * @param root the real path of the configured directory being backed up
	 * @param link a symbolic link in that directory
	 * @return the link's target as the link stores it, relative or absolute
	 */
	private String checkedLinkTarget(Path root, Path link) throws IOException {
		Path target = Files.readSymbolicLink(link);
		Path lexical = link.getParent().resolve(target).normalize();
		boolean inside = lexical.startsWith(root);
		if (inside && Files.exists(link)) {
			// Also resolve through other links, e.g. "dir/.." where dir links to the root
			// itself
			inside = link.toRealPath().startsWith(root);
		}
		if (!inside) {
			throw new IOException("Symbolic link " + link + " of component '" + this.name + "' points outside " + root
					+ " (to '" + target + "'): the directory source stores only links that stay inside "
					+ "their directory; replace the link with a copy of its target or remove it");
		}
		return target.toString();
	}

	private static String entryName(int index, Path root, Path file) {
		StringBuilder name = new StringBuilder().append(index);
		for (Path segment : root.relativize(file)) {
			String text = segment.toString();
			if (!text.isEmpty()) {
				name.append('/').append(text);
			}
		}
		return name.toString();
	}

}
