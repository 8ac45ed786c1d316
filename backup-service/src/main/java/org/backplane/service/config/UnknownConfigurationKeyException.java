package org.backplane.service.config;

import java.util.List;

/**
 * Thrown at start-up when configuration holds a key that nothing binds, for example a
 * misspelt {@code backplane.storage.s3.part-sise}. The message names each unknown key,
 * the nearest valid key and the valid keys around it; it names keys only, never their
 * values (which may be secrets).
 */
class UnknownConfigurationKeyException extends RuntimeException {

	private final List<String> keys;

	UnknownConfigurationKeyException(String message, List<String> keys) {
		super(message);
		this.keys = keys;
	}

	/**
	 * The unknown keys.
	 * @return the keys, e.g. {@code backplane.storage.s3.part-sise}
	 */
	List<String> getKeys() {
		return this.keys;
	}

}
