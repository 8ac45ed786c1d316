package org.backplane.service.storage.file;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.backplane.service.support.OwnerOnly;

/**
 * The modes of what a {@code file} location writes: objects (and the temporary files they
 * are written through) get {@link #file()}, folders get {@link #folder()}, the same bits
 * plus execute (search) wherever read is given. Owner-only by default ({@code 0600} and
 * {@code 0700}), so a backup never lets anyone read what only its owner could read at the
 * source.
 *
 * @param file the mode of objects and temporary files
 * @param folder the mode of folders
 */
record FileModes(Set<PosixFilePermission> file, Set<PosixFilePermission> folder) {

	/** The configuration key, named in every refusal. */
	static final String KEY = "backplane.storage.file.mode";

	/** {@code 0600} objects in {@code 0700} folders. */
	static final FileModes OWNER_ONLY = new FileModes(OwnerOnly.FILE, OwnerOnly.FOLDER);

	private static final Pattern OCTAL = Pattern.compile("0?[0-7]{3}");

	/**
	 * Reads an object mode in octal ({@code 0600}, {@code 0640}, {@code 0660}; a leading
	 * {@code 0} is optional). Only the owner's and the group's bits may be given, and the
	 * owner must be able to read and write.
	 * @param value the configured value
	 * @return the modes for objects and folders
	 * @throws IllegalArgumentException naming {@value #KEY} if the value is not such a
	 * mode
	 */
	static FileModes parse(String value) {
		String trimmed = (value != null) ? value.trim() : "";
		if (!OCTAL.matcher(trimmed).matches()) {
			throw new IllegalArgumentException(KEY + " must be an octal file mode such as 0600 (the default) or 0640"
					+ " (in YAML, quote it: \"0640\"), not '" + trimmed + "'");
		}
		int bits = Integer.parseInt(trimmed, 8);
		if ((bits & 07) != 0) {
			throw new IllegalArgumentException(KEY + " must not give other users any access (its last digit must be 0,"
					+ " e.g. 0640): backups may hold files only their owner could read, was " + trimmed);
		}
		if ((bits & 0600) != 0600) {
			throw new IllegalArgumentException(
					KEY + " must let the owner read and write (0600 at least), was " + trimmed);
		}
		Set<PosixFilePermission> file = permissions(bits);
		int folderBits = bits | 0100 | (((bits & 040) != 0) ? 010 : 0);
		return new FileModes(file, permissions(folderBits));
	}

	private static Set<PosixFilePermission> permissions(int bits) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		for (PosixFilePermission permission : PosixFilePermission.values()) {
			if ((bits & (1 << (8 - permission.ordinal()))) != 0) {
				permissions.add(permission);
			}
		}
		return permissions;
	}

	@Override
	public String toString() {
		return "FileModes[file=" + OwnerOnly.octal(this.file) + ", folder=" + OwnerOnly.octal(this.folder) + "]";
	}

}
