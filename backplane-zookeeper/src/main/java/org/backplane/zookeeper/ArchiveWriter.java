package org.backplane.zookeeper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * Writes the tar described in {@link ZooKeeperArchive}. Not thread-safe.
 * {@link #finish()} completes the tar (and gzip) without closing the caller's stream.
 */
final class ArchiveWriter {

	private final TarArchiveOutputStream tar;

	private final long created;

	ArchiveWriter(OutputStream out, boolean gzip) throws IOException {
		OutputStream target = CloseShieldOutputStream.wrap(out);
		if (gzip) {
			// Level 1: the tar's headers compress well even at the fastest level, and
			// speed matters more
			target = new GZIPOutputStream(target, 64 * 1024) {
				{
					this.def.setLevel(Deflater.BEST_SPEED);
				}
			};
		}
		this.tar = new TarArchiveOutputStream(target, 10240, StandardCharsets.UTF_8.name());
		this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
		this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
		this.tar.setAddPaxHeadersForNonAsciiNames(true);
		this.created = System.currentTimeMillis();
	}

	void text(String name, byte[] content) throws IOException {
		entry(name, content, this.created);
	}

	void znode(ZnodeRecord node, byte[] data) throws IOException {
		String directory = ZooKeeperArchive.directory(node.relativePath());
		long mtime = (node.stat().getMtime() > 0) ? node.stat().getMtime() : this.created;
		entry(directory + ZooKeeperArchive.META, ZooKeeperArchive.meta(node), mtime);
		if (data != null) {
			entry(directory + ZooKeeperArchive.DATA, data, mtime);
		}
	}

	private void entry(String name, byte[] content, long mtime) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name, true);
		entry.setSize(content.length);
		entry.setMode(0100644);
		// whole seconds: a sub-second time would cost a PAX header (1 KiB) per entry
		entry.setModTime(new Date(mtime / 1000 * 1000));
		entry.setUserName("");
		entry.setGroupName("");
		this.tar.putArchiveEntry(entry);
		this.tar.write(content);
		this.tar.closeArchiveEntry();
	}

	void finish() throws IOException {
		// close() ends the tar and the gzip stream; the caller's stream is shielded and
		// stays open
		this.tar.close();
	}

}
