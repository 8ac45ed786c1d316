package org.backplane.service.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Backplane home per test JVM, so every Spring context of the suite shares one
 * embedded PostgreSQL data directory and its binaries are unpacked once.
 */
public final class ServiceHome {

	private static final Path HOME;

	static {
		try {
			HOME = Files.createTempDirectory("backplane-it-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ServiceHome() {
	}

	/**
	 * @return the shared home
	 */
	public static Path get() {
		return HOME;
	}

	/**
	 * @param name a name
	 * @return a fresh directory under the home
	 */
	public static Path newDirectory(String name) {
		try {
			return Files.createTempDirectory(HOME, name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
