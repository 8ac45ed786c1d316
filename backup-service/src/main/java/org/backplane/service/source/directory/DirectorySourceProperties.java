package org.backplane.service.source.directory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.backplane.service.source.RestorePolicy;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of one {@code directory} component, bound from
 * {@code backplane.components.<name>.*}.
 *
 * @param type the component type, always {@code directory}
 * @param paths the local directories to back up: absolute, no duplicates and none inside
 * another; required and not empty. Their order matters: the artifact stores the
 * {@code i}-th directory under {@code i/}, and a restore writes {@code i/} back into the
 * {@code i}-th configured directory
 * @param restorePolicy what a restore does when a directory is not empty, used when the
 * restore request names no policy: {@code fail-if-exists} (the default) refuses,
 * {@code overwrite} replaces the content
 * @param compressionLevel the gzip compression level, from 1 (fastest) to 9 (smallest); 6
 * by default. 0 stores the tar without compressing it (still a gzip stream, of stored
 * blocks), for data that is compressed already
 */
record DirectorySourceProperties(String type, List<Path> paths,
		@DefaultValue("fail-if-exists") RestorePolicy restorePolicy, @DefaultValue("6") int compressionLevel) {

	/**
	 * The {@code type} value of this source.
	 */
	public static final String TYPE = "directory";

	public DirectorySourceProperties {
		paths = (paths != null) ? Collections.unmodifiableList(new ArrayList<>(paths)) : List.of();
		restorePolicy = (restorePolicy != null) ? restorePolicy : RestorePolicy.FAIL_IF_EXISTS;
	}

	/**
	 * Properties for the given directories with the default policy and compression level.
	 * @param paths the directories
	 * @return the properties
	 */
	public static DirectorySourceProperties of(Path... paths) {
		return new DirectorySourceProperties(TYPE, List.of(paths), RestorePolicy.FAIL_IF_EXISTS, 6);
	}

	/**
	 * A copy with another default restore policy.
	 * @param policy the policy
	 * @return the copy
	 */
	public DirectorySourceProperties withRestorePolicy(RestorePolicy policy) {
		return new DirectorySourceProperties(this.type, this.paths, policy, this.compressionLevel);
	}

}
