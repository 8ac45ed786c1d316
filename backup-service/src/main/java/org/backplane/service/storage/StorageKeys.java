package org.backplane.service.storage;

import java.nio.charset.StandardCharsets;

/**
 * The rules every storage key follows, checked in one place so each provider refuses the
 * same keys.
 */
public final class StorageKeys {

	private StorageKeys() {
	}

	/**
	 * Checks a key: relative, {@code /}-separated, no empty, {@code .} or {@code ..}
	 * segments, no backslash, no control characters, at most 1024 UTF-8 bytes.
	 * @param key the key
	 * @return the key
	 * @throws IllegalArgumentException naming the rule broken
	 */
	public static String check(String key) {
		if (key == null || key.isEmpty()) {
			throw new IllegalArgumentException("Storage key must not be empty");
		}
		if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
			throw new IllegalArgumentException("Storage key must be at most 1024 bytes: " + key);
		}
		if (key.startsWith("/") || key.endsWith("/")) {
			throw new IllegalArgumentException("Storage key must not start or end with '/': " + key);
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x20 || c == 0x7f || c == '\\') {
				throw new IllegalArgumentException("Storage key must not contain control characters or '\\': " + key);
			}
		}
		for (String segment : key.split("/", -1)) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				throw new IllegalArgumentException("Storage key must not contain empty, '.' or '..' segments: " + key);
			}
		}
		return key;
	}

	/**
	 * Checks a list prefix: empty, or a string that does not start with {@code /} and
	 * holds no {@code ..} segment.
	 * @param prefix the prefix
	 * @return the prefix
	 * @throws IllegalArgumentException naming the rule broken
	 */
	public static String checkPrefix(String prefix) {
		if (prefix == null) {
			throw new IllegalArgumentException("Storage prefix must not be null");
		}
		if (prefix.startsWith("/") || prefix.contains("\\")) {
			throw new IllegalArgumentException("Storage prefix must not start with '/' or contain '\\': " + prefix);
		}
		for (String segment : prefix.split("/", -1)) {
			if (segment.equals("..") || segment.equals(".")) {
				throw new IllegalArgumentException("Storage prefix must not contain '.' or '..' segments: " + prefix);
			}
		}
		return prefix;
	}

}
