package org.backplane.service.support;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules for labels, backup ids and restore ids, in one place.
 * <ul>
 * <li>A label has 3 to 25 characters and matches
 * {@code ^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*$}.</li>
 * <li>A backup id is {@code <label>-<uuid4>} with a lower-case version 4 UUID.</li>
 * <li>A restore id is {@code restore:<uuid4>}; the colon is never allowed in a label, so
 * a restore id is never a valid backup id.</li>
 * </ul>
 */
public final class Ids {

	/** The label rule, as shown in error messages. */
	public static final String LABEL_RULE = "a label must be 3 to 25 characters matching ^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*$";

	private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*$");

	private static final String UUID4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

	private static final Pattern BACKUP_ID = Pattern
		.compile("^([A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]{1,23})-(" + UUID4 + ")$");

	private static final Pattern RESTORE_ID = Pattern.compile("^restore:" + UUID4 + "$");

	private static final String RESTORE_PREFIX = "restore:";

	/** How many names {@link #names(Collection)} lists before it counts the rest. */
	private static final int LISTED_NAMES = 10;

	private Ids() {
	}

	/**
	 * Checks a label.
	 * @param label the label
	 * @return the label
	 * @throws InvalidRequestException naming the rule
	 */
	public static String checkLabel(String label) {
		if (!isValidLabel(label)) {
			throw new InvalidRequestException("Invalid label '" + printable(label) + "': " + LABEL_RULE,
					Map.of("rule", LABEL.pattern()));
		}
		return label;
	}

	/**
	 * @param label a label
	 * @return whether it follows the rule
	 */
	public static boolean isValidLabel(String label) {
		return label != null && label.length() >= 3 && label.length() <= 25 && LABEL.matcher(label).matches();
	}

	/**
	 * @param label a valid label
	 * @return a new backup id for it
	 */
	public static String newBackupId(String label) {
		return checkLabel(label) + "-" + UUID.randomUUID();
	}

	/**
	 * @return a new restore id
	 */
	public static String newRestoreId() {
		return RESTORE_PREFIX + UUID.randomUUID();
	}

	/**
	 * @param id an id
	 * @return whether it is a well-formed backup id
	 */
	public static boolean isBackupId(String id) {
		return id != null && id.length() <= 62 && BACKUP_ID.matcher(id).matches();
	}

	/**
	 * @param id an id
	 * @return whether it is a well-formed restore id
	 */
	public static boolean isRestoreId(String id) {
		return id != null && RESTORE_ID.matcher(id).matches();
	}

	/**
	 * Checks a backup id.
	 * @param id the id
	 * @return the id
	 * @throws InvalidRequestException naming the rule; says so when the id is a restore's
	 */
	public static String checkBackupId(String id) {
		if (isBackupId(id)) {
			return id;
		}
		if (isRestoreId(id)) {
			throw new InvalidRequestException(
					"'" + id + "' is a restore id, not a backup id: give the id of a backup" + " (<label>-<uuid4>)",
					Map.of("id", id));
		}
		throw new InvalidRequestException(
				"Invalid backup id '" + printable(id) + "': a backup id is <label>-<uuid4>, where " + LABEL_RULE);
	}

	/**
	 * Checks a restore id.
	 * @param id the id
	 * @return the id
	 * @throws InvalidRequestException naming the rule
	 */
	public static String checkRestoreId(String id) {
		if (!isRestoreId(id)) {
			throw new InvalidRequestException(
					"Invalid restore id '" + printable(id) + "': a restore id is restore:<uuid4>");
		}
		return id;
	}

	/**
	 * Lists names from a request in a message, boundedly: at most {@link #LISTED_NAMES},
	 * each {@link #printable(String) printable}, then how many more there are.
	 * @param names the names
	 * @return {@code [a, b, c]} or {@code [a, …, j] and 12 more}
	 */
	public static String names(Collection<String> names) {
		StringBuilder out = new StringBuilder("[");
		int listed = 0;
		for (String name : names) {
			if (listed == LISTED_NAMES) {
				break;
			}
			out.append((listed > 0) ? ", " : "").append(printable(name));
			listed++;
		}
		out.append(']');
		if (names.size() > listed) {
			out.append(" and ").append(names.size() - listed).append(" more");
		}
		return out.toString();
	}

	/**
	 * Checks a request's text for what the catalogue cannot store: control characters
	 * (PostgreSQL refuses a NUL byte) and more than {@code max} characters.
	 * @param name the field's name for the message
	 * @param value the value, may be {@code null}
	 * @param max the most characters allowed
	 * @return the value
	 * @throws InvalidRequestException naming the field and the rule
	 */
	public static String checkText(String name, String value, int max) {
		if (value == null) {
			return null;
		}
		if (value.length() > max) {
			throw new InvalidRequestException(
					name + " has " + value.length() + " characters; at most " + max + " are allowed");
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				throw new InvalidRequestException(
						name + " '" + printable(value) + "' contains a control character: remove it");
			}
		}
		return value;
	}

	/**
	 * Makes user input safe to echo in a message: control characters escaped, length
	 * capped.
	 * @param value the input
	 * @return a printable form
	 */
	public static String printable(String value) {
		if (value == null) {
			return "";
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < value.length() && out.length() < 80; i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		if (out.length() >= 80 && value.length() > 80) {
			out.append("…");
		}
		return out.toString();
	}

}
