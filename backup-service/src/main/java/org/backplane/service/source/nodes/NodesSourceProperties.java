package org.backplane.service.source.nodes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.backplane.service.source.RestorePolicy;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of one {@code nodes} component, bound from
 * {@code backplane.components.<name>.*}.
 *
 * @param type the component type, always {@code nodes}
 * @param nodes the snapshot folder of each node, {@code nodes[i]} being node {@code i}:
 * absolute, distinct, none inside another; required and not empty
 * @param strategy {@code serial} (the default: one node at a time, as the DC/OS data
 * services recommend) or {@code parallel} (all nodes at once)
 * @param restorePolicy what a restore does with a node folder that holds data:
 * {@code fail-if-exists} (the default) refuses, {@code overwrite} empties it first
 * @param hooks commands run per node around each step
 */
record NodesSourceProperties(String type, List<Path> nodes, @DefaultValue("serial") String strategy,
		@DefaultValue("fail-if-exists") RestorePolicy restorePolicy, @DefaultValue Hooks hooks) {

	/** The {@code type} value of this source. */
	static final String TYPE = "nodes";

	NodesSourceProperties {
		nodes = (nodes != null) ? Collections.unmodifiableList(new ArrayList<>(nodes)) : List.of();
		strategy = (strategy != null) ? strategy : "serial";
		restorePolicy = (restorePolicy != null) ? restorePolicy : RestorePolicy.FAIL_IF_EXISTS;
		hooks = (hooks != null) ? hooks : new Hooks(null, null, null, null, null);
	}

	/**
	 * Commands run per node, each an argument vector (never through a shell unless the
	 * command is one, e.g. {@code sh,-c,...}), with {@code {SNAPSHOT_NAME}},
	 * {@code {NODE_INDEX}} and {@code {NODE_PATH}} substituted in every argument and set
	 * as environment variables of the same names. A non-zero exit fails the node's step.
	 *
	 * @param beforeBackup run before a node is backed up (e.g. {@code nodetool snapshot})
	 * @param afterBackup run after a node was backed up (e.g. {@code nodetool
	 * clearsnapshot})
	 * @param beforeRestore run before a node is restored
	 * @param afterRestore run after a node was restored (e.g. {@code nodetool refresh})
	 * @param timeout how long a hook may run before it is killed and fails its step; 10
	 * minutes by default
	 */
	record Hooks(List<String> beforeBackup, List<String> afterBackup, List<String> beforeRestore,
			List<String> afterRestore, @DefaultValue("10m") Duration timeout) {

		Hooks {
			beforeBackup = copy(beforeBackup);
			afterBackup = copy(afterBackup);
			beforeRestore = copy(beforeRestore);
			afterRestore = copy(afterRestore);
			timeout = (timeout != null) ? timeout : Duration.ofMinutes(10);
		}

		private static List<String> copy(List<String> argv) {
			return (argv != null) ? Collections.unmodifiableList(new ArrayList<>(argv)) : List.of();
		}

	}

}
