package org.backplane.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough TOML to read a DC/OS CLI {@code dcos.toml}: tables ({@code [core]}), and
 * keys with string, boolean or number values, flattened to dotted keys
 * ({@code core.dcos_url}). Arrays, inline tables and multi-line strings are skipped, not
 * rejected, since {@code dcos.toml} does not use them for what is read here.
 */
final class Toml {

	private Toml() {
	}

	/**
	 * Parses a document.
	 * @param text the TOML text
	 * @return dotted key to value (strings unquoted and unescaped, other values as
	 * written)
	 */
	static Map<String, String> parse(String text) {
		Map<String, String> values = new LinkedHashMap<>();
		String table = "";
		for (String raw : text.split("\r?\n")) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("[")) {
				int end = line.indexOf(']');
				table = (end > 0 && !line.startsWith("[[")) ? unquoteKey(line.substring(1, end).strip()) : "\0";
				continue;
			}
			int equals = line.indexOf('=');
			if (equals <= 0 || table.equals("\0")) {
				continue;
			}
			String key = unquoteKey(line.substring(0, equals).strip());
			String value = value(line.substring(equals + 1).strip());
			if (value != null) {
				values.put(table.isEmpty() ? key : table + "." + key, value);
			}
		}
		return values;
	}

	private static String unquoteKey(String key) {
		if (key.length() >= 2 && (key.startsWith("\"") || key.startsWith("'"))) {
			return key.substring(1, key.length() - 1);
		}
		return key;
	}

	private static String value(String text) {
		if (text.startsWith("\"\"\"") || text.startsWith("'''") || text.startsWith("[") || text.startsWith("{")) {
			return null;
		}
		if (text.startsWith("\"")) {
			StringBuilder value = new StringBuilder();
			for (int i = 1; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '"') {
					return value.toString();
				}
				if (c == '\\' && i + 1 < text.length()) {
					char next = text.charAt(++i);
					switch (next) {
						case 'n' -> value.append('\n');
						case 't' -> value.append('\t');
						case 'r' -> value.append('\r');
						case 'b' -> value.append('\b');
						case 'f' -> value.append('\f');
						case 'u' -> {
							value.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
							i += 4;
						}
						default -> value.append(next);
					}
				}
				else {
					value.append(c);
				}
			}
			return null;
		}
		if (text.startsWith("'")) {
			int end = text.indexOf('\'', 1);
			return (end > 0) ? text.substring(1, end) : null;
		}
		int comment = text.indexOf('#');
		return ((comment >= 0) ? text.substring(0, comment) : text).strip();
	}

}
