package org.backplane.service.storage;

import java.util.Comparator;

import org.backplane.service.support.CodePointOrder;

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
		return CodePointOrder.compare(a, b);
	}

}
