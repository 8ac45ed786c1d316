package org.backplane.service.store;

import java.io.IOException;

/**
 * A stored artifact's content does not match the SHA-256 recorded when it was written.
 */
class ArtifactCorruptedException extends IOException {

	ArtifactCorruptedException(String key, String expected, String actual) {
		super("Artifact " + key + " is corrupted: its SHA-256 is " + actual + " but " + expected
				+ " was recorded when it was written; nothing was restored");
	}

}
