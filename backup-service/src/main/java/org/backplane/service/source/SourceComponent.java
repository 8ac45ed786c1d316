package org.backplane.service.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A configured, named thing to back up: a ZooKeeper subtree, a set of buckets, a set of
 * directories. Each adapter subpackage provides a {@link SourceComponentFactory} that
 * builds these from configuration.
 * <p>
 * A component streams its content out as one artifact (a tar, usually gzip-compressed)
 * and restores from the same stream. Memory use must not grow with the size of what is
 * backed up. Implementations are safe to call from the runner's threads; the runner never
 * runs two operations on one component at once.
 */
public interface SourceComponent {

	/**
	 * The component's configured name, for example {@code marathon}.
	 * @return the name, never {@code null}
	 */
	String name();

	/**
	 * The component's type, for example {@code directory} or {@code zookeeper}.
	 * @return the type, never {@code null}
	 */
	String type();

	/**
	 * The file name extension of this component's artifacts, without the dot, e.g.
	 * {@code tar.gz}.
	 * @return the extension
	 */
	String artifactExtension();

	/**
	 * The restore policy used when a restore request names none.
	 * @return the policy, never {@code null}
	 */
	RestorePolicy defaultRestorePolicy();

	/**
	 * A human-readable description of what this component backs up, with no secrets
	 * (shown by {@code GET /api/v1/components}).
	 * @return the description
	 */
	String describe();

	/**
	 * Whether a restore with policy {@link RestorePolicy#OVERWRITE} must first back up
	 * what the target holds, as a normal backup labelled {@code pre-restore-…}, so that a
	 * wrong restore can itself be undone. The restore fails, touching nothing, if that
	 * backup fails.
	 * @return {@code true} to get a safety backup; {@code false} by default
	 */
	default boolean backsUpBeforeOverwrite() {
		return false;
	}

	/**
	 * The names of per-request parameters this component takes, besides the storage
	 * location's (for example the {@code buckets} source's {@code ACCESS_KEY_ID} and
	 * {@code SECRET_ACCESS_KEY}). They are sealed with the job's other parameters, handed
	 * to the component only, and never shown.
	 * @return the names; none by default
	 */
	default Set<String> requestParameters() {
		return Set.of();
	}

	/**
	 * Counts what {@link #backup} will copy, before it starts, so that progress has fixed
	 * totals. A change in the source between this call and the backup is allowed; the
	 * runner then reports what was copied.
	 * @return the totals
	 * @throws IOException if the source cannot be read
	 */
	Totals enumerate() throws IOException;

	/**
	 * Writes the component's content to {@code out} as one artifact, reporting progress
	 * as it goes. Must fail (never return normally) if anything that should be in the
	 * artifact could not be read.
	 * @param out where the artifact goes; not closed by this method
	 * @param progress told about every item and byte copied
	 * @throws IOException if the source cannot be read or {@code out} fails
	 */
	void backup(OutputStream out, Progress progress) throws IOException;

	/**
	 * Checks, without changing anything, whether a restore with these options may start;
	 * for example {@link RestorePolicy#FAIL_IF_EXISTS} with a target that already holds
	 * data fails here.
	 * @param options the policy and optional target
	 * @throws RestoreRefusedException if the restore must not start, with a message
	 * saying why and what to do
	 * @throws IOException if the target cannot be inspected
	 */
	void checkRestore(RestoreOptions options) throws IOException;

	/**
	 * Checks the restore options alone, cheaply, when a restore is requested: without
	 * reading an artifact or connecting to anything (for example a relative
	 * {@code targetPath}, or one this component cannot restore into with this policy).
	 * {@link #checkRestore} and {@link #restore} check them again.
	 * @param options the policy and optional target
	 * @throws RestoreRefusedException if the options can never work for this component,
	 * with a message saying why and what to do; nothing by default
	 */
	default void checkOptions(RestoreOptions options) throws RestoreRefusedException {
	}

	/**
	 * Restores the component from an artifact made by {@link #backup}. The caller has
	 * verified the artifact's SHA-256 before calling. Rejects entries that would write
	 * outside the component's target.
	 * @param in the artifact; read to its end, not closed
	 * @param options the restore policy and optional target
	 * @param progress told about every item and byte restored
	 * @throws RestoreRefusedException if the policy forbids the restore
	 * @throws IOException if the artifact is malformed or the target cannot be written
	 */
	void restore(InputStream in, RestoreOptions options, Progress progress) throws IOException;

	/**
	 * Removes what a restore of this component left behind when its runner died mid-way
	 * (a staging directory, say), so it neither lingers nor counts as data. Called when
	 * that restore is reaped, while it still holds the component's lock.
	 * @param options the interrupted restore's policy and optional target
	 * @throws IOException if it cannot be removed (the next restore of the target tries
	 * again)
	 */
	default void removeRestoreLeftovers(RestoreOptions options) throws IOException {
	}

	/**
	 * How to restore.
	 *
	 * @param policy what to do when the target holds data
	 * @param targetPath where to restore instead of the component's own location (for
	 * example another ZooKeeper root path), or {@code null} for the component's own; a
	 * component that cannot restore elsewhere throws {@link RestoreRefusedException} when
	 * it is set
	 * @param parameters the request's parameters this component takes
	 * ({@link #requestParameters()}), e.g. credentials or which buckets to restore; never
	 * {@code null}; may hold secrets, so never printed
	 */
	record RestoreOptions(RestorePolicy policy, String targetPath, Map<String, String> parameters) {

		public RestoreOptions {
			Objects.requireNonNull(policy, "policy");
			parameters = (parameters != null) ? Map.copyOf(parameters) : Map.of();
		}

		public RestoreOptions(RestorePolicy policy, String targetPath) {
			this(policy, targetPath, Map.of());
		}

		public RestoreOptions(RestorePolicy policy) {
			this(policy, null);
		}

		@Override
		public String toString() {
			return "RestoreOptions[policy=" + this.policy + ", targetPath=" + this.targetPath + ", parameters="
					+ this.parameters.keySet() + "]";
		}

	}

	/**
	 * Totals counted by {@link #enumerate()}.
	 *
	 * @param items how many items (files, znodes, objects)
	 * @param bytes how many bytes of content, or {@link #UNKNOWN_BYTES} when the source
	 * cannot tell cheaply (progress then goes by items, and the runner shows the bytes
	 * total as unknown)
	 */
	record Totals(long items, long bytes) {

		/** The {@code bytes} of totals that count items only. */
		public static final long UNKNOWN_BYTES = -1;

		public Totals {
			if (items < 0 || (bytes < 0 && bytes != UNKNOWN_BYTES)) {
				throw new IllegalArgumentException("totals must not be negative");
			}
		}

		/**
		 * Totals of items only, the bytes unknown.
		 * @param items how many items
		 * @return the totals
		 */
		public static Totals ofItems(long items) {
			return new Totals(items, UNKNOWN_BYTES);
		}

		/**
		 * @return whether the bytes total is known
		 */
		public boolean bytesKnown() {
			return this.bytes != UNKNOWN_BYTES;
		}

		/**
		 * Adds two bytes totals, either of which may be {@link #UNKNOWN_BYTES} (then so
		 * is the sum).
		 * @param total a total
		 * @param more another
		 * @return their sum
		 */
		public static long addBytes(long total, long more) {
			return (total == UNKNOWN_BYTES || more == UNKNOWN_BYTES) ? UNKNOWN_BYTES : total + more;
		}

	}

	/**
	 * Receives progress from a running backup or restore. Called from the worker thread;
	 * cheap to call often.
	 */
	@FunctionalInterface
	interface Progress {

		/** A progress listener that ignores everything. */
		Progress NONE = (items, bytes) -> {
		};

		/**
		 * Reports that more items or bytes were copied.
		 * @param items items completed since the last call
		 * @param bytes content bytes copied since the last call
		 */
		void advance(long items, long bytes);

	}

}
