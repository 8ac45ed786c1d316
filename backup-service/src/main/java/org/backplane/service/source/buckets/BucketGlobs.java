package org.backplane.service.source.buckets;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bucket name globs: {@code *} any characters, {@code ?} one; everything else literal.
 */
final class BucketGlobs {

	private final List<Pattern> include;

	private final List<Pattern> exclude;

	BucketGlobs(List<String> include, List<String> exclude) {
		this.include = compile(include);
		this.exclude = compile(exclude);
	}

	boolean matches(String bucket) {
		return this.include.stream().anyMatch((p) -> p.matcher(bucket).matches())
				&& this.exclude.stream().noneMatch((p) -> p.matcher(bucket).matches());
	}

	static List<Pattern> compile(List<String> globs) {
		List<Pattern> patterns = new ArrayList<>();
		for (String glob : globs) {
			if (glob == null || glob.isBlank()) {
				throw new IllegalArgumentException("A bucket glob is empty: use a name or a pattern such as 'logs-*'");
			}
			StringBuilder regex = new StringBuilder();
			for (char c : glob.trim().toCharArray()) {
				switch (c) {
					case '*' -> regex.append(".*");
					case '?' -> regex.append('.');
					default -> regex.append(Pattern.quote(String.valueOf(c)));
				}
			}
			patterns.add(Pattern.compile(regex.toString()));
		}
		return patterns;
	}

	/**
	 * Parses a comma-separated list of globs, as the {@code BUCKETS} parameter gives it.
	 * @param value the list
	 * @return the globs
	 */
	static List<String> split(String value) {
		List<String> globs = new ArrayList<>();
		for (String part : value.split(",")) {
			if (!part.isBlank()) {
				globs.add(part.trim());
			}
		}
		if (globs.isEmpty()) {
			throw new IllegalArgumentException("BUCKETS names no bucket: give names or globs separated by commas");
		}
		return globs;
	}

}
