package org.backplane.service.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Durability of directory entries, shared by the file storage provider and the directory
 * source's restore.
 */
public final class Directories {

	private Directories() {
	}

	/**
	 * Flushes a directory's entries to disk (fsync of the directory, as after creating or
	 * renaming files in it).
	 * @param directory the directory
	 * @throws IOException if it cannot be opened for reading or flushed; callers decide
	 * what that means to them
	 */
	public static void force(Path directory) throws IOException {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

}
