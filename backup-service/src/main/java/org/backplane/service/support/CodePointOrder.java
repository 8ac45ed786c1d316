package org.backplane.service.support;

import java.util.Comparator;

/**
 * Strings in Unicode code point order, which is the order of their UTF-8 bytes: the order
 * in which S3 and Azure Blob storage list keys. It differs from
 * {@link String#compareTo(String)} only where a character outside the Basic Multilingual
 * Plane (a surrogate pair in UTF-16) meets one from U+E000 to U+FFFF.
 */
public final class CodePointOrder {

	/** Compares strings by code point. */
	public static final Comparator<String> COMPARATOR = CodePointOrder::compare;

	private CodePointOrder() {
	}

	/**
	 * Compares two strings by code point.
	 * @param a a string
	 * @param b another string
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
