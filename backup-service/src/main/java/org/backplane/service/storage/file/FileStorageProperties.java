package org.backplane.service.storage.file;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every {@code file} storage location. Unknown keys under
 * {@code backplane.storage.file} fail start-up.
 *
 * @param fsync whether each object and its directory are forced to disk before
 * {@code put} returns; turn off only for throwaway storage (tests, benchmarks)
 * @param mode the mode of the objects written, in octal, e.g. {@code 0640}; folders get
 * the same bits plus search wherever read is given ({@code 0750}); only the owner's and
 * the group's bits, and the owner must read and write; default {@code 0600} (folders
 * {@code 0700}), so a backup never widens what its source's files allowed
 */
@ConfigurationProperties(prefix = "backplane.storage.file", ignoreUnknownFields = false)
record FileStorageProperties(@DefaultValue("true") boolean fsync, @DefaultValue("0600") String mode) {

	FileStorageProperties {
		FileModes.parse(mode);
	}

	/**
	 * @return the modes of objects and folders
	 */
	FileModes modes() {
		return FileModes.parse(this.mode);
	}

}
