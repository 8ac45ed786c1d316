package org.backplane.service.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;

/**
 * The keys a properties record accepts, derived from its components: kebab-case names,
 * recursively into nested records; a {@code Map} component accepts any name
 * ({@code <name>}) followed by its value record's keys, or any sub-key ({@code *}) when
 * its value is not a record. Finds, for an unknown key, the deepest known part of it and
 * the valid key nearest to the rest by edit distance. Works on names only: values are
 * never read.
 */
final class ConfigurationKeys {

	/** Stands for any map key in a listed key. */
	static final String ANY_NAME = "<name>";

	/** Stands for any sub-key (one or more elements) in a listed key. */
	static final String ANY_KEY = "*";

	private static final int MAX_DEPTH = 8;

	private static final Node LEAF = new Leaf();

	private final Node root;

	private ConfigurationKeys(Node root) {
		this.root = root;
	}

	/**
	 * The keys of a properties record.
	 * @param type the bound type
	 * @return its keys, or {@code null} if it is not a record
	 */
	static @Nullable ConfigurationKeys of(Class<?> type) {
		return type.isRecord() ? new ConfigurationKeys(node(ResolvableType.forClass(type), 0)) : null;
	}

	/**
	 * Describes unknown keys found under a bound prefix.
	 * @param prefix the prefix the record is bound to
	 * @param unknown the unknown keys, each under the prefix
	 * @return the exception naming each key, the nearest valid key and the valid keys
	 */
	UnknownConfigurationKeyException unknown(ConfigurationPropertyName prefix,
			Iterable<ConfigurationPropertyName> unknown) {
		StringBuilder message = new StringBuilder();
		Map<String, List<String>> validKeys = new LinkedHashMap<>();
		Set<String> keys = new LinkedHashSet<>();
		for (ConfigurationPropertyName name : unknown) {
			Unknown described = describe(prefix, name);
			if (!keys.add(described.key())) {
				continue;
			}
			message.append((message.length() > 0) ? " " : "")
				.append("Unknown configuration key ")
				.append(described.key());
			if (described.nearest() == null) {
				message.append(".");
			}
			else if (described.close()) {
				message.append(": did you mean ").append(described.nearest()).append("?");
			}
			else {
				message.append(": the nearest valid key is ").append(described.nearest()).append(".");
			}
			validKeys.putIfAbsent(described.level(), described.validKeys());
		}
		validKeys.forEach((level, valid) -> message.append(" Valid keys under ")
			.append(level)
			.append(": ")
			.append(valid.isEmpty() ? "none" : String.join(", ", valid))
			.append("."));
		return new UnknownConfigurationKeyException(message.toString(), List.copyOf(keys));
	}

	private Unknown describe(ConfigurationPropertyName prefix, ConfigurationPropertyName name) {
		// the elements after the prefix as written (AWS_SECRET_ACCESS_KEY stays so), and
		// without list indexes
		List<String> rest = new ArrayList<>();
		StringBuilder key = new StringBuilder(prefix.toString());
		for (int i = prefix.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, Form.ORIGINAL);
			if (name.isNumericIndex(i)) {
				key.append('[').append(element).append(']');
			}
			else {
				key.append('.').append(element);
				rest.add(element);
			}
		}
		Node node = this.root;
		StringBuilder level = new StringBuilder(prefix.toString());
		int known = 0;
		while (known < rest.size()) {
			Node next = null;
			String element = rest.get(known);
			if (node instanceof Group group) {
				Map.Entry<String, Node> child = group.child(element);
				if (child != null) {
					element = child.getKey();
					next = child.getValue();
				}
			}
			else if (node instanceof MapOf map) {
				next = map.value();
			}
			if (next == null || next instanceof Leaf) {
				break;
			}
			level.append('.').append(element);
			node = next;
			known++;
		}
		List<String> unknownPart = rest.subList(known, rest.size());
		List<List<String>> patterns = patterns(node);
		String wanted = uniform(unknownPart);
		List<String> nearest = null;
		int nearestDistance = Integer.MAX_VALUE;
		for (List<String> pattern : patterns) {
			List<String> candidate = instantiate(pattern, unknownPart);
			int distance = distance(uniform(candidate), wanted);
			if (distance < nearestDistance) {
				nearest = candidate;
				nearestDistance = distance;
			}
		}
		String nearestKey = null;
		if (nearest != null) {
			nearestKey = nearest.isEmpty() ? level.toString() : level + "." + String.join(".", nearest);
		}
		boolean close = nearestDistance <= Math.max(2, wanted.length() / 3);
		return new Unknown(key.toString(), nearestKey, close, level.toString(),
				patterns.stream().map((pattern) -> String.join(".", pattern)).toList());
	}

	/**
	 * A listed key with its placeholders replaced by the unknown key's elements at the
	 * same places, so that {@code locations.<name>.uri} is compared with
	 * {@code locations.archive.url} as {@code locations.archive.uri}.
	 * @param pattern a listed key, relative to the deepest known part of the unknown key,
	 * as elements
	 * @param elements the unknown key's elements after that known part
	 * @return the listed key with each {@code <name>} replaced by the unknown key's
	 * element at the same place and a {@code *} by all its elements from there on
	 * (placeholders past its end stay)
	 */
	private static List<String> instantiate(List<String> pattern, List<String> elements) {
		List<String> instance = new ArrayList<>();
		for (int i = 0; i < pattern.size(); i++) {
			String element = pattern.get(i);
			if (ANY_KEY.equals(element) && i < elements.size()) {
				instance.addAll(elements.subList(i, elements.size()));
				break;
			}
			instance.add((ANY_NAME.equals(element) && i < elements.size()) ? elements.get(i) : element);
		}
		return instance;
	}

	private static String uniform(List<String> elements) {
		List<String> uniform = new ArrayList<>();
		for (String element : elements) {
			uniform.add(uniform(element));
		}
		return String.join(".", uniform);
	}

	/**
	 * An element as Spring Boot matches it: lower case, letters and digits only.
	 * @param element one element of a key, as written (kebab-case, camelCase or upper
	 * case with underscores)
	 * @return the element in lower case, keeping only letters, digits and the placeholder
	 * characters {@code <}, {@code >} and {@code *}
	 */
	private static String uniform(String element) {
		StringBuilder uniform = new StringBuilder(element.length());
		for (char c : element.toLowerCase(Locale.ROOT).toCharArray()) {
			if (Character.isLetterOrDigit(c) || c == '<' || c == '>' || c == '*') {
				uniform.append(c);
			}
		}
		return uniform.toString();
	}

	/**
	 * The Levenshtein distance: the fewest single-character insertions, deletions and
	 * substitutions that turn one string into the other.
	 * @param a a string
	 * @param b another string
	 * @return the distance
	 */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * The keys under a node, relative to it, as lists of elements.
	 * @param node a group, map or leaf of the tree of keys
	 * @return one list of elements for each key under the node; a leaf has one key, the
	 * empty list
	 */
	private static List<List<String>> patterns(Node node) {
		List<List<String>> patterns = new ArrayList<>();
		if (node instanceof Group group) {
			group.children().forEach((name, child) -> {
				for (List<String> sub : patterns(child)) {
					patterns.add(prepend(name, sub));
				}
			});
		}
		else if (node instanceof MapOf map) {
			if (map.value() == null) {
				patterns.add(List.of(ANY_KEY));
			}
			else {
				for (List<String> sub : patterns(map.value())) {
					patterns.add(prepend(ANY_NAME, sub));
				}
			}
		}
		else {
			patterns.add(List.of());
		}
		return patterns;
	}

	private static List<String> prepend(String element, List<String> elements) {
		List<String> result = new ArrayList<>(elements.size() + 1);
		result.add(element);
		result.addAll(elements);
		return result;
	}

	private static Node node(ResolvableType type, int depth) {
		Class<?> resolved = type.toClass();
		if (Map.class.isAssignableFrom(resolved)) {
			Node value = node(type.asMap().getGeneric(1), depth + 1);
			return new MapOf((value instanceof Group) ? value : null);
		}
		if (resolved.isRecord() && depth < MAX_DEPTH) {
			Map<String, Node> children = new LinkedHashMap<>();
			for (RecordComponent component : resolved.getRecordComponents()) {
				children.put(DataObjectPropertyName.toDashedForm(component.getName()),
						node(ResolvableType.forMethodReturnType(component.getAccessor()), depth + 1));
			}
			return new Group(children);
		}
		return LEAF;
	}

	private interface Node {

	}

	/**
	 * A record: its components by kebab-case name.
	 */
	private record Group(Map<String, Node> children) implements Node {

		Map.@Nullable Entry<String, Node> child(String element) {
			String wanted = uniform(element);
			for (Map.Entry<String, Node> child : this.children.entrySet()) {
				if (uniform(child.getKey()).equals(wanted)) {
					return child;
				}
			}
			return null;
		}

	}

	/**
	 * A map: any name, then the value record's keys, or any sub-key when {@code value} is
	 * {@code null}.
	 */
	private record MapOf(@Nullable Node value) implements Node {

	}

	/**
	 * A single value, or a list of values.
	 */
	private record Leaf() implements Node {

	}

	/**
	 * One unknown key described.
	 */
	private record Unknown(String key, @Nullable String nearest, boolean close, String level, List<String> validKeys) {

	}

}
