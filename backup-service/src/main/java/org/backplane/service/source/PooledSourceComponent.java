package org.backplane.service.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A source component backed up object by object into a {@link ContentPool}: each content
 * is stored once in the storage location's pool, and the component's artifact is an
 * <em>index</em> pointing into it (see {@code docs/storage-layout.md}). The runner calls
 * these methods instead of {@link #backup(OutputStream, Progress)} and
 * {@link #restore(InputStream, RestoreOptions, Progress)}.
 * <p>
 * An index is gzip-compressed JSON Lines; every line that references pool content has a
 * top-level {@code "sha256"} field, which is all the pool's garbage collection reads.
 */
public interface PooledSourceComponent extends SourceComponent {

	/** The extension of an index artifact: gzip-compressed JSON Lines. */
	String INDEX_EXTENSION = "index.jsonl.gz";

	@Override
	default String artifactExtension() {
		return INDEX_EXTENSION;
	}

	/**
	 * Backs the component up into the pool and writes its index to {@code index}.
	 * Contents already in the pool are not stored again; objects unchanged since
	 * {@code previous} are not read again.
	 * @param index where the index goes; not closed
	 * @param run the pool, the previous index, the request's parameters and progress
	 * @throws IOException if the source cannot be read or the pool fails
	 */
	void backup(OutputStream index, BackupRun run) throws IOException;

	/**
	 * Checks, before any component of the restore is touched, whether this one may be
	 * restored from this index with these options (e.g. {@code fail-if-exists} with a
	 * target bucket that holds objects).
	 * @param index the index; read as far as needed, not closed
	 * @param options the policy and the request's parameters
	 * @throws RestoreRefusedException if the restore must not start
	 * @throws IOException if the target cannot be inspected or the index read
	 */
	void checkRestore(InputStream index, RestoreOptions options) throws IOException;

	/**
	 * Restores from an index made by {@link #backup(OutputStream, BackupRun)}, reading
	 * the contents from the pool.
	 * @param index the index; read to its end, not closed
	 * @param pool where the contents are
	 * @param options the policy and the request's parameters
	 * @param progress told about every object and byte restored
	 * @throws IOException if the target cannot be written or a content read
	 */
	void restore(InputStream index, ContentPool pool, RestoreOptions options, Progress progress) throws IOException;

	@Override
	default void backup(OutputStream out, Progress progress) throws IOException {
		throw new UnsupportedOperationException("A pooled component backs up through backup(OutputStream, BackupRun)");
	}

	@Override
	default void restore(InputStream in, RestoreOptions options, Progress progress) throws IOException {
		throw new UnsupportedOperationException(
				"A pooled component restores through restore(InputStream, ContentPool, RestoreOptions, Progress)");
	}

	@Override
	default void checkRestore(RestoreOptions options) throws IOException {
		// checked against the index, in checkRestore(InputStream, RestoreOptions)
	}

	/**
	 * What a pooled backup works with.
	 *
	 * @param pool where contents go
	 * @param previous the index of this component's latest READY backup in the same
	 * storage target, or {@code null} for none; a stream checked against its SHA-256, to
	 * close
	 * @param parameters the request's parameters this component takes (never
	 * {@code null}; may hold secrets)
	 * @param started told the totals once, after listing and before any progress (a
	 * source may start copying what it has listed meanwhile, and holds that progress back
	 * until then)
	 * @param progress told about every object and byte done, skipped ones included
	 * @param skipped told about objects not read again because they are unchanged
	 */
	record BackupRun(ContentPool pool, InputStream previous, Map<String, String> parameters, Consumer<Totals> started,
			Progress progress, Progress skipped) {

		@Override
		public String toString() {
			return "BackupRun[previous=" + (this.previous != null) + ", parameters=" + this.parameters.keySet() + "]";
		}

	}

}
