package org.backplane.service.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a restore does when its target already holds data.
 */
public enum RestorePolicy {

	/** Refuse the restore when the target holds data; the default. */
	FAIL_IF_EXISTS("fail-if-exists"),

	/** Replace what the target holds with the backup's content. */
	OVERWRITE("overwrite");

	private final String value;

	RestorePolicy(String value) {
		this.value = value;
	}

	/**
	 * The policy's wire and configuration name, e.g. {@code fail-if-exists}.
	 * @return the name
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Parses a policy name, accepting {@code fail-if-exists} / {@code overwrite} in any
	 * case and with {@code _} for {@code -}.
	 * @param value the name
	 * @return the policy
	 * @throws IllegalArgumentException listing the accepted values
	 */
	public static RestorePolicy of(String value) {
		String normalized = (value != null) ? value.trim().toLowerCase(Locale.ROOT).replace('_', '-') : "";
		for (RestorePolicy policy : values()) {
			if (policy.value.equals(normalized)) {
				return policy;
			}
		}
		throw new IllegalArgumentException("Unknown restore policy '" + value + "': use one of "
				+ Arrays.stream(values()).map(RestorePolicy::value).collect(Collectors.joining(", ")));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
