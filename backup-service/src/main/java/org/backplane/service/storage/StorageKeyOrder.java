package org.backplane.service.storage;

import java.util.Comparator;

/**
 * The order in which {@link StorageProvider#list(String)} returns keys: by Unicode code
 * point, which is the same as the order of the keys' UTF-8 bytes (the order S3 and Azure
 * Blob storage list in). It differs from {@link String#compareTo(String)} only for
 * characters outside the Basic Multilingual Plane.
 */
public final class StorageKeyOrder {

	/** Compares keys by code point. */
	public static final Comparator<String> COMPARATOR = StorageKeyOrder::compare;

	private StorageKeyOrder() {
	}

	/**
	 * Compares two keys by code point.
	 * @param a a key
	 * @param b another key
	 * @return negative, zero or positive as {@code a} sorts before, with or after
	 * {@code b}
	 */
	public static int compare(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int ca = a.codePointAt(i);
			int cb = b.codePointAt(j);
			if (ca != cb) {
				return Integer.compare(ca, cb);
			}
			i += Character.charCount(ca);
			j += Character.charCount(cb);
		}
		return Boolean.compare(i < a.length(), j < b.length());
	}

}
