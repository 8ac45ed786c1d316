package org.backplane.service.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.backplane.service.source.SourceComponent.Progress;
import org.backplane.service.source.SourceComponent.Totals;

/**
 * A source component made of nodes (type {@code nodes}), each backed up and restored on
 * its own: one artifact, one SHA-256 and one status per node. The jobs that run such a
 * component step through its nodes one at a time or all at once ({@link #parallel()}),
 * running the component's hooks around each node's step. Node {@code i} is the snapshot
 * folder {@code nodes[i]} of the configuration.
 * <p>
 * Two shapes of node data are offered: a node's folder as one tar.gz
 * ({@link #backupNode}, {@link #restoreNode}), and as plain files ({@link #listFiles},
 * {@link #openFile}, {@link #writeFile}) for layouts that store every file as its own
 * object.
 */
public interface NodeSource {

	/**
	 * @return how many nodes, at least one
	 */
	int nodeCount();

	/**
	 * @return whether nodes are stepped through all at once rather than one at a time
	 */
	boolean parallel();

	/**
	 * @param node the node's index
	 * @return its snapshot folder
	 */
	Path nodePath(int node);

	/**
	 * Runs a hook for one node, if the component configures it; nothing otherwise.
	 * @param hook which hook
	 * @param node the node's index
	 * @param snapshotName the snapshot's name, substituted for {@code {SNAPSHOT_NAME}}
	 * @return what the step message should say about the hook, or {@code null} if none
	 * ran
	 * @throws HookFailedException if the hook exits non-zero or times out, its message
	 * holding the tail of its standard error
	 * @throws IOException if it cannot be started
	 */
	String runHook(Hook hook, int node, String snapshotName) throws IOException;

	/**
	 * Counts what a node's backup copies.
	 * @param node the node's index
	 * @return the totals
	 * @throws IOException if the folder cannot be read or does not exist
	 */
	Totals enumerateNode(int node) throws IOException;

	/**
	 * Writes a node's folder as a tar.gz whose entries are relative to the folder, as
	 * {@code tar czf node-N.tar.gz -C <folder> .} would.
	 * @param node the node's index
	 * @param out where it goes; not closed
	 * @param progress told about every file copied
	 * @throws IOException if the folder cannot be read
	 */
	void backupNode(int node, OutputStream out, Progress progress) throws IOException;

	/**
	 * Checks that a node may be restored under a policy, without changing anything:
	 * {@link RestorePolicy#FAIL_IF_EXISTS} refuses a folder that holds anything.
	 * @param node the node's index
	 * @param policy the policy
	 * @throws RestoreRefusedException saying what to remove or which policy to use
	 * @throws IOException if the folder cannot be inspected
	 */
	void checkRestoreNode(int node, RestorePolicy policy) throws IOException;

	/**
	 * Makes a node's folder ready to receive a restore: created if missing, checked again
	 * under the policy, and emptied for {@link RestorePolicy#OVERWRITE}.
	 * @param node the node's index
	 * @param policy the policy
	 * @throws IOException if it cannot be prepared or the policy refuses
	 */
	void prepareRestoreNode(int node, RestorePolicy policy) throws IOException;

	/**
	 * Extracts a tar.gz (as {@link #backupNode} writes, or {@code tar czf} of a snapshot
	 * folder) into a prepared node folder. Entries with a leading {@code ./} are
	 * accepted; absolute paths, {@code ..}, links and special files are refused.
	 * @param node the node's index
	 * @param in the tar.gz; read to its end, not closed
	 * @param progress told about every file written
	 * @throws IOException if the archive is malformed or the folder cannot be written
	 */
	void restoreNode(int node, InputStream in, Progress progress) throws IOException;

	/**
	 * The regular files of a node's folder, in sorted order of their relative paths.
	 * Symbolic links and special files are refused: a plain-file layout cannot keep them.
	 * @param node the node's index
	 * @return the files
	 * @throws IOException if the folder cannot be read or holds a link
	 */
	List<NodeFile> listFiles(int node) throws IOException;

	/**
	 * Opens one file of a node's folder.
	 * @param node the node's index
	 * @param path its relative path, {@code /}-separated
	 * @return the stream, to close
	 * @throws IOException if it cannot be opened
	 */
	InputStream openFile(int node, String path) throws IOException;

	/**
	 * Writes one file into a prepared node folder, creating parent folders; the file
	 * appears complete or not at all.
	 * @param node the node's index
	 * @param path its relative path, {@code /}-separated; refused if it leaves the folder
	 * @param in its content, read to its end, not closed
	 * @return the bytes written
	 * @throws IOException if it cannot be written or the path is not acceptable
	 */
	long writeFile(int node, String path, InputStream in) throws IOException;

	/**
	 * One file of a node's folder.
	 *
	 * @param path its path relative to the folder, {@code /}-separated
	 * @param size its size in bytes
	 */
	record NodeFile(String path, long size) {

		public NodeFile {
			Objects.requireNonNull(path, "path");
		}

	}

	/**
	 * The points around a node's step where a hook may run.
	 */
	enum Hook {

		/** Before a node is backed up, e.g. {@code nodetool snapshot}. */
		BEFORE_BACKUP,

		/** After a node was backed up, e.g. {@code nodetool clearsnapshot}. */
		AFTER_BACKUP,

		/** Before a node is restored. */
		BEFORE_RESTORE,

		/** After a node was restored, e.g. {@code nodetool refresh}. */
		AFTER_RESTORE;

		/**
		 * @return the configuration key, e.g. {@code before-backup}
		 */
		public String key() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

	/**
	 * A hook exited non-zero or timed out: the node's step fails with this message.
	 */
	class HookFailedException extends IOException {

		public HookFailedException(String message) {
			super(message);
		}

	}

}
