package org.backplane.service.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.config.UnknownKeysBindHandler;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.OwnerOnly;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The configured source components, built at start-up from
 * {@code backplane.components.<name>.*} by the {@link SourceComponentFactory} of each
 * {@code type}. Unknown types, unknown keys and bad values fail start-up with a message
 * naming the key; an unknown key's message also names the nearest valid key of that type.
 * When nothing is configured, a sample {@code directory} component under
 * {@code <home>/sample} is created so that a newcomer can back up and restore at once.
 */
@Component
public class SourceComponentRegistry {

	/** The name of the sample component made when none is configured. */
	public static final String SAMPLE = "sample";

	private static final Log logger = LogFactory.getLog(SourceComponentRegistry.class);

	private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");

	private final Map<String, SourceComponent> components;

	SourceComponentRegistry(Environment environment, List<SourceComponentFactory<?>> factories,
			BackplaneProperties properties) {
		Map<String, SourceComponentFactory<?>> byType = new TreeMap<>();
		for (SourceComponentFactory<?> factory : factories) {
			byType.put(factory.type(), factory);
		}
		Binder binder = Binder.get(environment);
		Map<String, SourceComponent> built = new LinkedHashMap<>();
		Set<String> names = new LinkedHashSet<>(properties.components().keySet());
		for (String name : names) {
			built.put(name, build(binder, name, byType));
		}
		if (built.isEmpty()) {
			built.put(SAMPLE, sample(properties.home(), byType));
		}
		this.components = Collections.unmodifiableMap(built);
		logger.info("Source components configured: " + this.components.keySet());
	}

	private SourceComponent build(Binder binder, String name, Map<String, SourceComponentFactory<?>> byType) {
		String prefix = "backplane.components." + name;
		if (!NAME.matcher(name).matches()) {
			throw new IllegalStateException("Invalid component name '" + name + "' in " + prefix
					+ ": use 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
		}
		String type = binder.bind(prefix + ".type", String.class)
			.orElseThrow(() -> new IllegalStateException(
					"Missing " + prefix + ".type: set it to one of " + byType.keySet()));
		SourceComponentFactory<?> factory = byType.get(type);
		if (factory == null) {
			throw new IllegalStateException(
					"Unknown component type '" + type + "' in " + prefix + ".type: use one of " + byType.keySet());
		}
		return create(binder, name, prefix, factory);
	}

	private <P> SourceComponent create(Binder binder, String name, String prefix, SourceComponentFactory<P> factory) {
		P bound;
		try {
			BindResult<P> result = binder.bind(ConfigurationPropertyName.of(prefix),
					Bindable.of(factory.propertiesType()), new UnknownKeysBindHandler(
							new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler())));
			bound = result.orElseThrow(() -> new IllegalStateException("Nothing bound for " + prefix));
		}
		catch (BindException ex) {
			throw new IllegalStateException(
					"Invalid configuration of component '" + name + "' (" + prefix + ".*): " + rootMessage(ex), ex);
		}
		try {
			return factory.create(name, bound);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"Invalid configuration of component '" + name + "' (" + prefix + ".*): " + ex.getMessage(), ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		StringBuilder message = new StringBuilder(ex.getMessage());
		Throwable cause = ex.getCause();
		while (cause != null) {
			message.append(": ").append(cause.getMessage());
			cause = cause.getCause();
		}
		return message.toString();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private SourceComponent sample(Path home, Map<String, SourceComponentFactory<?>> byType) {
		SourceComponentFactory factory = byType.get("directory");
		if (factory == null) {
			throw new IllegalStateException("No component is configured and the 'directory' type needed for the "
					+ "sample is missing: configure backplane.components.<name>.type");
		}
		Path folder = home.resolve("sample");
		try {
			if (!Files.isDirectory(folder)) {
				// the service's user only, like everything else in the home
				OwnerOnly.createDirectories(folder.resolve("notes"));
				OwnerOnly.write(folder.resolve("README.txt"), """
						This folder is Backplane's sample component. Back it up, change or delete files, then
						restore the backup to see them come back. Configure backplane.components.<name> to back up
						your own data; the sample then disappears.
						""".getBytes(StandardCharsets.UTF_8));
				OwnerOnly.write(folder.resolve("notes/hello.txt"),
						"Hello from Backplane\n".getBytes(StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the sample component's folder " + folder, ex);
		}
		Binder binder = new Binder(new MapConfigurationPropertySource(
				Map.of("backplane.components.sample.type", "directory", "backplane.components.sample.paths[0]",
						folder.toString(), "backplane.components.sample.restore-policy", "overwrite")));
		logger.info("No component configured: using the sample component over " + folder);
		return create(binder, SAMPLE, "backplane.components.sample", factory);
	}

	/**
	 * @return every component, in configuration order
	 */
	public Collection<SourceComponent> all() {
		return this.components.values();
	}

	/**
	 * @param name a component's name
	 * @return the component, if configured
	 */
	public Optional<SourceComponent> find(String name) {
		return Optional.ofNullable(this.components.get(name));
	}

	/**
	 * Resolves the components a request names.
	 * @param names the names, or {@code null}/empty for all
	 * @return the components, in the order given (or configuration order for all)
	 * @throws UnknownComponentException if a name is not configured
	 * @throws InvalidRequestException if a name repeats
	 */
	public List<SourceComponent> select(List<String> names) {
		if (names == null || names.isEmpty()) {
			return new ArrayList<>(this.components.values());
		}
		List<SourceComponent> selected = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (String name : names) {
			if (name == null) {
				throw new InvalidRequestException("components holds a null: name each component as a string");
			}
			if (!seen.add(name)) {
				throw new InvalidRequestException("Component '" + name + "' is named twice: name each component once");
			}
			selected.add(find(name).orElseThrow(() -> new UnknownComponentException(name, this.components.keySet())));
		}
		return selected;
	}

	/**
	 * The names of per-request parameters any configured component takes
	 * ({@link SourceComponent#requestParameters()}).
	 * @return the names
	 */
	public Set<String> parameterNames() {
		Set<String> names = new TreeSet<>();
		this.components.values().forEach((c) -> names.addAll(c.requestParameters()));
		return names;
	}

	/**
	 * A request's parameters without those meant for components, i.e. those for the
	 * storage location.
	 * @param parameters the request's parameters, or {@code null}
	 * @return the others, never {@code null}
	 */
	public Map<String, String> storageParameters(Map<String, String> parameters) {
		Map<String, String> storage = new TreeMap<>();
		if (parameters != null) {
			Set<String> names = parameterNames();
			parameters.forEach((k, v) -> {
				if (!names.contains(k)) {
					storage.put(k, v);
				}
			});
		}
		return storage;
	}

	/**
	 * The parameters of a request one component takes.
	 * @param component the component
	 * @param parameters the request's parameters, or {@code null}
	 * @return those it takes, never {@code null}
	 */
	public static Map<String, String> parametersOf(SourceComponent component, Map<String, String> parameters) {
		Map<String, String> taken = new TreeMap<>();
		if (parameters != null) {
			parameters.forEach((k, v) -> {
				if (component.requestParameters().contains(k)) {
					taken.put(k, v);
				}
			});
		}
		return taken;
	}

	/**
	 * The parameters of a request meant for components, checked against the components
	 * the request names.
	 * @param components the request's components
	 * @param parameters the request's parameters, or {@code null}
	 * @return those meant for components
	 * @throws InvalidRequestException if one is meant for a component the request does
	 * not name
	 */
	public Map<String, String> componentParameters(List<SourceComponent> components, Map<String, String> parameters) {
		Map<String, String> taken = new TreeMap<>();
		if (parameters == null) {
			return taken;
		}
		Set<String> all = parameterNames();
		Set<String> named = new TreeSet<>();
		components.forEach((c) -> named.addAll(c.requestParameters()));
		for (Map.Entry<String, String> entry : parameters.entrySet()) {
			if (!all.contains(entry.getKey())) {
				continue;
			}
			if (!named.contains(entry.getKey())) {
				throw new InvalidRequestException("Parameter " + entry.getKey()
						+ " is for a component this request does not include: add that component or drop the parameter");
			}
			if (entry.getValue() == null) {
				throw new InvalidRequestException("Parameter " + entry.getKey() + " is null: give it a value");
			}
			taken.put(entry.getKey(), entry.getValue());
		}
		return taken;
	}

}
