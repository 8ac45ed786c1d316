package org.backplane.service.storage.file;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageProviderFactory;

/**
 * Creates {@link FileStorageProvider}s for {@code file:///absolute/directory} locations.
 * The directory is created on the first write if it does not exist. The location takes no
 * query parameters and no credentials: any given are rejected.
 */
public class FileStorageProviderFactory implements StorageProviderFactory {

	private final boolean fsync;

	private final FileModes modes;

	/**
	 * Creates a factory whose locations write objects {@code 0600} in folders
	 * {@code 0700}.
	 * @param fsync whether writes are forced to disk before {@code put} returns
	 */
	public FileStorageProviderFactory(boolean fsync) {
		this(fsync, FileModes.OWNER_ONLY);
	}

	FileStorageProviderFactory(boolean fsync, FileModes modes) {
		this.fsync = fsync;
		this.modes = modes;
	}

	@Override
	public Set<String> schemes() {
		return Set.of("file");
	}

	@Override
	public StorageProvider create(StorageLocation location) {
		return new FileStorageProvider(root(location.uri()), this.fsync, this.modes);
	}

	static Path root(URI uri) {
		if (!"file".equalsIgnoreCase(uri.getScheme())) {
			throw new IllegalArgumentException("Not a file location: scheme must be 'file'");
		}
		if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
			throw new IllegalArgumentException(
					"A file location needs an absolute path, e.g. file:///var/lib/backplane (relative paths are not allowed)");
		}
		String authority = uri.getRawAuthority();
		if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
			throw new IllegalArgumentException("A file location must not name a host: write it as file:///"
					+ uri.getPath().substring(1) + " (three slashes)");
		}
		if (uri.getRawQuery() != null) {
			throw new IllegalArgumentException("Unknown parameter(s) for a file location: "
					+ parameterNames(uri.getRawQuery()) + " (a file location takes no parameters)");
		}
		if (uri.getRawFragment() != null) {
			throw new IllegalArgumentException("A file location must not have a fragment ('#...')");
		}
		Path path;
		try {
			path = Path.of(uri.getPath());
		}
		catch (InvalidPathException ex) {
			throw new IllegalArgumentException("Invalid path in file location: " + ex.getMessage(), ex);
		}
		if (!path.isAbsolute()) {
			throw new IllegalArgumentException(
					"A file location needs an absolute path, e.g. file:///var/lib/backplane");
		}
		Path normalized = path.normalize();
		if (!normalized.equals(path)) {
			throw new IllegalArgumentException("A file location's path must not contain '.' or '..' segments");
		}
		if (normalized.getParent() == null) {
			throw new IllegalArgumentException("A file location must not be the file system root");
		}
		return normalized;
	}

	private static String parameterNames(String rawQuery) {
		StringBuilder names = new StringBuilder();
		for (String pair : rawQuery.split("&")) {
			int eq = pair.indexOf('=');
			if (names.length() > 0) {
				names.append(", ");
			}
			names.append((eq >= 0) ? pair.substring(0, eq) : pair);
		}
		return names.toString();
	}

}
