package org.backplane.service.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.JobProgress;
import org.backplane.service.job.NodeSteps;
import org.backplane.service.source.NodeSource;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.store.BackupPlace;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.NodeIndex;

import org.springframework.stereotype.Component;

/**
 * Backs a {@code nodes} component up node by node: per node, in the component's strategy,
 * the {@code before-backup} hook, the node's artifact (a tar.gz, or plain objects per
 * file for the {@code s3} snapshot layout), the {@code after-backup} hook; each node's
 * step, artifact and SHA-256 recorded ({@link NodeSteps}). Then the index of the nodes'
 * artifacts is stored: it is the component's artifact.
 */
@Component
public class NodeBackups {

	private static final Log logger = LogFactory.getLog(NodeBackups.class);

	/** Files of a backup uploaded at once in the plain-file layout. */
	static final int FILES_IN_FLIGHT = 4;

	private final NodeSteps steps;

	NodeBackups(NodeSteps steps) {
		this.steps = steps;
	}

	/**
	 * Backs a component up.
	 * @param runId the backup's id
	 * @param progress the backup's progress
	 * @param place where the backup's objects go
	 * @param component the component's name
	 * @param source the component
	 * @param store the backup's store
	 * @param stored collects every key stored, for the clean-up of a failed backup
	 * @return the stored index, the component's artifact
	 * @throws Exception the first node's failure, as {@code Node N: <reason>}
	 */
	public BackupStore.Written backUp(String runId, JobProgress progress, BackupPlace place, String component,
			NodeSource source, BackupStore store, List<String> stored) throws Exception {
		int count = source.nodeCount();
		String snapshot = place.isSnapshot() ? place.snapshot() : runId;
		this.steps.begin(runId, component, count);
		NodeIndex.Node[] nodes = new NodeIndex.Node[count];
		List<String> keys = Collections.synchronizedList(stored);
		for (NodeSteps.NodeStep done : this.steps.completed(runId, component).values()) {
			// backed up before the run was parked: what it stored is as recorded
			nodes[done.node()] = place.plainFiles() ? storedFiles(snapshot, done, store, keys)
					: storedArchive(done, keys);
			progress.advance(done.items(), done.contentBytes());
		}
		// One set of upload threads for the whole backup: the nodes' files share its
		// FILES_IN_FLIGHT slots, whether nodes go one at a time or all at once
		ExecutorService uploads = place.plainFiles() ? fileUploads() : null;
		try {
			stepNodes(runId, progress, place, component, source, store, snapshot, nodes, keys, uploads);
		}
		finally {
			if (uploads != null) {
				uploads.shutdownNow();
			}
		}
		NodeIndex index = new NodeIndex(NodeIndex.FORMAT_VERSION, component, place.layout(), place.snapshot(),
				List.of(nodes));
		BackupStore.Written written = store.putNodeIndex(place, index);
		keys.add(written.key());
		return written;
	}

	private void stepNodes(String runId, JobProgress progress, BackupPlace place, String component, NodeSource source,
			BackupStore store, String snapshot, NodeIndex.Node[] nodes, List<String> keys, ExecutorService uploads)
			throws Exception {
		int count = nodes.length;
		NodeStepper.run(runId, component, count, source.parallel(), this.steps, progress, (node) -> {
			this.steps.starting(runId, component, node, "backing up " + source.nodePath(node));
			List<String> notes = new ArrayList<>();
			note(notes, source.runHook(NodeSource.Hook.BEFORE_BACKUP, node, snapshot));
			NodeIndex.Node written = place.plainFiles()
					? putFiles(snapshot, node, source, store, keys, progress, uploads)
					: putArchive(place, component, node, source, store, keys, progress);
			nodes[node] = written;
			note(notes, source.runHook(NodeSource.Hook.AFTER_BACKUP, node, snapshot));
			String message = "backed up " + written.items() + " files (" + written.contentBytes() + " bytes) to "
					+ written.key() + ", sha256 " + written.sha256()
					+ (notes.isEmpty() ? "" : "; " + String.join(", ", notes));
			this.steps.complete(runId, component, node, message, new NodeSteps.NodeArtifact(written.key(),
					written.sizeBytes(), written.sha256(), written.items(), written.contentBytes()));
			logger.info("Node backed up: backupId=" + runId + " component=" + component + " node=" + node + " key="
					+ written.key() + " sha256=" + written.sha256());
		});
	}

	private static NodeIndex.Node storedArchive(NodeSteps.NodeStep done, List<String> keys) {
		keys.add(done.artifactKey());
		return new NodeIndex.Node(done.node(), done.artifactKey(), done.sizeBytes(), done.sha256(), done.items(),
				done.contentBytes(), null);
	}

	// A node's files are read back to rebuild its file list, which run_node does not
	// keep; their list's SHA-256 must still be the one its step recorded.
	private static NodeIndex.Node storedFiles(String snapshot, NodeSteps.NodeStep done, BackupStore store,
			List<String> keys) throws IOException {
		String prefix = BackupStore.nodeFilesPrefix(snapshot, done.node());
		List<NodeIndex.File> files = new ArrayList<>();
		long bytes = 0;
		for (StorageObject object : store.listNodeFiles(snapshot, done.node())) {
			if (object.key().endsWith("/")) {
				continue;
			}
			keys.add(object.key());
			MessageDigest digest = sha256();
			long size;
			try (InputStream in = store.openObject(object.key())) {
				size = new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
			}
			files.add(new NodeIndex.File(object.key().substring(prefix.length()), size,
					HexFormat.of().formatHex(digest.digest())));
			bytes += size;
		}
		files.sort(Comparator.comparing(NodeIndex.File::path));
		String sha256 = fileListSha256(files);
		if (!sha256.equals(done.sha256())) {
			throw new IOException("node " + done.node() + "'s objects under " + prefix
					+ " changed while the plan waited: start the plan again with a new SNAPSHOT_NAME");
		}
		return new NodeIndex.Node(done.node(), prefix, bytes, sha256, files.size(), bytes, files);
	}

	static void note(List<String> notes, String note) {
		if (note != null) {
			notes.add(note);
		}
	}

	private static NodeIndex.Node putArchive(BackupPlace place, String component, int node, NodeSource source,
			BackupStore store, List<String> keys, JobProgress progress) throws IOException {
		long[] counted = new long[2];
		BackupStore.Written written = store.putNodeArchive(place, component, node,
				(out) -> source.backupNode(node, out, (items, bytes) -> {
					synchronized (counted) {
						counted[0] += items;
						counted[1] += bytes;
					}
					progress.advance(items, bytes);
				}));
		keys.add(written.key());
		synchronized (counted) {
			return new NodeIndex.Node(node, written.key(), written.size(), written.sha256(), counted[0], counted[1],
					null);
		}
	}

	/**
	 * The threads that upload a backup's files in the plain-file layout: up to
	 * {@value #FILES_IN_FLIGHT} files at once for the whole backup, shared by its nodes
	 * (all of one node's slots when nodes go one at a time, the slots spread over the
	 * nodes' files in the order they are listed when they go all at once). One file at a
	 * time left the storage waiting for each file's last part and each small file's round
	 * trip (bench/nodes); a share of the slots per node in parallel mode left one file of
	 * each node in flight. More at once would hold more part buffers: each put's first
	 * part is taken from the transfer budget even when the budget has no room.
	 * @return the threads
	 */
	static ExecutorService fileUploads() {
		AtomicInteger number = new AtomicInteger();
		return Executors.newFixedThreadPool(FILES_IN_FLIGHT, (runnable) -> {
			Thread thread = new Thread(runnable, "backplane-node-files-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	private static NodeIndex.Node putFiles(String snapshot, int node, NodeSource source, BackupStore store,
			List<String> keys, JobProgress progress, ExecutorService uploads) throws IOException {
		List<NodeSource.NodeFile> listed = source.listFiles(node);
		List<Future<NodeIndex.File>> pending = new ArrayList<>();
		try {
			for (NodeSource.NodeFile file : listed) {
				pending.add(uploads.submit(() -> {
					progress.checkCancelled();
					BackupStore.Written written = store.putNodeFile(snapshot, node, file.path(), file.size(),
							() -> source.openFile(node, file.path()));
					keys.add(written.key());
					progress.advance(1, written.size());
					return new NodeIndex.File(file.path(), written.size(), written.sha256());
				}));
			}
			List<NodeIndex.File> files = awaitAll(pending);
			long bytes = 0;
			for (NodeIndex.File file : files) {
				bytes += file.sizeBytes();
			}
			return new NodeIndex.Node(node, BackupStore.nodeFilesPrefix(snapshot, node), bytes, fileListSha256(files),
					files.size(), bytes, files);
		}
		finally {
			// nothing of this node is left queued on the shared threads (after a failure
			// or an interruption, awaitAll has cancelled what had not started)
			pending.forEach((file) -> file.cancel(false));
		}
	}

	// The files' results in the listing's order. On the first failure the files not
	// started are cancelled and the ones uploading are waited for, so that every key
	// stored is in the list the clean-up of the failed backup reads, then the failure is
	// thrown.
	private static List<NodeIndex.File> awaitAll(List<Future<NodeIndex.File>> pending) throws IOException {
		List<NodeIndex.File> files = new ArrayList<>(pending.size());
		Throwable failure = null;
		for (Future<NodeIndex.File> future : pending) {
			try {
				NodeIndex.File file = future.get();
				if (failure == null) {
					files.add(file);
				}
			}
			catch (CancellationException ex) {
				// cancelled after the first failure
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = ex.getCause();
					pending.forEach((other) -> other.cancel(false));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				pending.forEach((other) -> other.cancel(true));
				throw new InterruptedIOException("Interrupted while uploading a node's files");
			}
		}
		if (failure instanceof IOException io) {
			throw io;
		}
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		if (failure != null) {
			throw new IOException(failure.getMessage(), failure);
		}
		return files;
	}

	/**
	 * The SHA-256 of a node stored as plain files: of its file list as {@code sha256sum}
	 * prints it, sorted by path.
	 * @param files the files, sorted by path
	 * @return the digest, lower-case hex
	 */
	static String fileListSha256(List<NodeIndex.File> files) {
		MessageDigest digest = sha256();
		for (NodeIndex.File file : files) {
			digest.update((file.sha256() + "  " + file.path() + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
