package org.backplane.service.source.directory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentFactory;

/**
 * Creates {@code directory} components
 * ({@code backplane.components.<name>.type=directory}). Checks that {@code paths} is not
 * empty and that every path is absolute, appears once and is not inside another. The
 * directories need not exist at start-up: a restore creates them.
 */
public class DirectorySourceComponentFactory implements SourceComponentFactory<DirectorySourceProperties> {

	@Override
	public String type() {
		return DirectorySourceProperties.TYPE;
	}

	@Override
	public Class<DirectorySourceProperties> propertiesType() {
		return DirectorySourceProperties.class;
	}

	@Override
	public SourceComponent create(String name, DirectorySourceProperties properties) {
		String prefix = "backplane.components." + name + ".";
		if (properties.type() != null && !DirectorySourceProperties.TYPE.equals(properties.type())) {
			throw new IllegalArgumentException(prefix + "type must be '" + DirectorySourceProperties.TYPE
					+ "' for this factory, not '" + properties.type() + "'");
		}
		List<Path> paths = properties.paths();
		if (paths.isEmpty()) {
			throw new IllegalArgumentException(prefix + "paths must list at least one absolute directory, e.g. "
					+ prefix + "paths[0]=/var/lib/data/snapshots");
		}
		List<Path> normalized = new ArrayList<>();
		for (int i = 0; i < paths.size(); i++) {
			Path path = paths.get(i);
			String key = prefix + "paths[" + i + "]";
			if (path == null || path.toString().isEmpty()) {
				throw new IllegalArgumentException(key + " must be an absolute directory, not empty");
			}
			if (!path.isAbsolute()) {
				throw new IllegalArgumentException(
						key + " must be an absolute directory (starting with '/'), not '" + path + "'");
			}
			Path candidate = path.normalize();
			if (candidate.getNameCount() == 0) {
				throw new IllegalArgumentException(key + " must not be the root directory '/'");
			}
			for (int j = 0; j < normalized.size(); j++) {
				Path other = normalized.get(j);
				String otherKey = prefix + "paths[" + j + "]";
				if (other.equals(candidate)) {
					throw new IllegalArgumentException(
							key + " '" + path + "' is the same directory as " + otherKey + ": list it once");
				}
				if (candidate.startsWith(other) || other.startsWith(candidate)) {
					throw new IllegalArgumentException(key + " '" + path + "' and " + otherKey + " '" + other
							+ "' are nested: list only the outer directory, or directories that do not contain "
							+ "each other");
				}
			}
			normalized.add(candidate);
		}
		int level = properties.compressionLevel();
		if (level < 0 || level > 9) {
			throw new IllegalArgumentException(prefix + "compression-level must be between 0 (store without "
					+ "compressing) and 9 (smallest), not " + level);
		}
		return new DirectorySourceComponent(name, normalized, properties.restorePolicy(), level);
	}

}
