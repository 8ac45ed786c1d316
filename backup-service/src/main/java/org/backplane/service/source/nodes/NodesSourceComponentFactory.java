package org.backplane.service.source.nodes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backplane.service.source.NodeSource;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentFactory;

/**
 * Creates {@code nodes} components ({@code backplane.components.<name>.type=nodes}).
 * Checks that {@code nodes} lists at least one absolute folder, none twice and none
 * inside another, that {@code strategy} is {@code serial} or {@code parallel}, that a
 * hook is not an empty command, and that the hook timeout is positive. The folders need
 * not exist at start-up: a restore creates them.
 */
public class NodesSourceComponentFactory implements SourceComponentFactory<NodesSourceProperties> {

	@Override
	public String type() {
		return NodesSourceProperties.TYPE;
	}

	@Override
	public Class<NodesSourceProperties> propertiesType() {
		return NodesSourceProperties.class;
	}

	@Override
	public SourceComponent create(String name, NodesSourceProperties properties) {
		String prefix = "backplane.components." + name + ".";
		List<Path> nodes = properties.nodes();
		if (nodes.isEmpty()) {
			throw new IllegalArgumentException(prefix + "nodes must list the snapshot folder of each node, e.g. "
					+ prefix + "nodes[0]=/var/lib/cassandra/snapshots/node-0");
		}
		List<Path> normalized = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			Path path = nodes.get(i);
			String key = prefix + "nodes[" + i + "]";
			if (path == null || path.toString().isEmpty() || !path.isAbsolute()) {
				throw new IllegalArgumentException(key + " must be an absolute folder (starting with '/'), not '"
						+ ((path != null) ? path : "") + "'");
			}
			Path candidate = path.normalize();
			if (candidate.getNameCount() == 0) {
				throw new IllegalArgumentException(key + " must not be the root folder '/'");
			}
			for (int j = 0; j < normalized.size(); j++) {
				Path other = normalized.get(j);
				if (candidate.startsWith(other) || other.startsWith(candidate)) {
					throw new IllegalArgumentException(key + " '" + path + "' and " + prefix + "nodes[" + j + "] '"
							+ other + "' are the same folder or nested: give each node its own folder");
				}
			}
			normalized.add(candidate);
		}
		boolean parallel = switch (properties.strategy()) {
			case "serial" -> false;
			case "parallel" -> true;
			default -> throw new IllegalArgumentException(
					prefix + "strategy must be serial or parallel, not '" + properties.strategy() + "'");
		};
		NodesSourceProperties.Hooks hooks = properties.hooks();
		Map<NodeSource.Hook, List<String>> commands = Map.of(NodeSource.Hook.BEFORE_BACKUP, hooks.beforeBackup(),
				NodeSource.Hook.AFTER_BACKUP, hooks.afterBackup(), NodeSource.Hook.BEFORE_RESTORE,
				hooks.beforeRestore(), NodeSource.Hook.AFTER_RESTORE, hooks.afterRestore());
		commands.forEach((hook, argv) -> {
			if (!argv.isEmpty() && (argv.get(0) == null || argv.get(0).isBlank())) {
				throw new IllegalArgumentException(
						prefix + "hooks." + hook.key() + "[0] must name the program to run, e.g. nodetool or /bin/sh");
			}
		});
		Duration timeout = hooks.timeout();
		if (timeout.isZero() || timeout.isNegative()) {
			throw new IllegalArgumentException(prefix + "hooks.timeout must be positive, e.g. 10m");
		}
		return new NodesSourceComponent(name, normalized, parallel, properties.restorePolicy(),
				new NodeHooks(name, commands, timeout));
	}

}
