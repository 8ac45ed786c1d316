package org.backplane.service.snapshot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.apache.commons.io.input.CountingInputStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.JobProgress;
import org.backplane.service.job.NodeSteps;
import org.backplane.service.source.NodeSource;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.store.BackupPlace;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.NodeIndex;

import org.springframework.stereotype.Component;

/**
 * Restores a {@code nodes} component node by node, in three passes so that nothing is
 * written unless everything can be: {@linkplain Restore#verify() verify} every node's
 * artifact (its SHA-256, or for a snapshot without a Backplane manifest its objects'
 * presence), {@linkplain Restore#check() check} every node folder against the policy,
 * then {@linkplain Restore#run() restore} per node in the component's strategy with the
 * {@code before-restore} and {@code after-restore} hooks.
 */
@Component
public class NodeRestores {

	/** The warning in the step message of a snapshot without a Backplane manifest. */
	public static final String NO_MANIFEST_WARNING = "warning: no Backplane manifest, sizes checked but not contents";

	private static final Log logger = LogFactory.getLog(NodeRestores.class);

	private final NodeSteps steps;

	NodeRestores(NodeSteps steps) {
		this.steps = steps;
	}

	/**
	 * Prepares a component's restore.
	 * @param runId the restore's id
	 * @param progress the restore's progress
	 * @param store the backup's store
	 * @param place the backup's place
	 * @param component the component's name
	 * @param source the component
	 * @param artifactKey the component's artifact as the catalogue records it: the node
	 * index, or (a snapshot found without one) the snapshot's folder, ending with
	 * {@code /}
	 * @param sha256 the artifact's SHA-256
	 * @param policy the restore policy
	 * @return the restore, to verify, check and run
	 * @throws IOException if the index cannot be read or does not fit the component
	 */
	public Restore prepare(String runId, JobProgress progress, BackupStore store, BackupPlace place, String component,
			NodeSource source, String artifactKey, String sha256, RestorePolicy policy) throws IOException {
		this.steps.begin(runId, component, source.nodeCount());
		NodeIndex index = null;
		if (!artifactKey.endsWith("/")) {
			index = store.readNodeIndex(artifactKey, sha256);
			if (index.nodes().size() != source.nodeCount()) {
				throw new IOException("The backup holds " + index.nodes().size() + " nodes but component '" + component
						+ "' has " + source.nodeCount() + ": restore it into a component with as many nodes");
			}
		}
		else if (!place.isSnapshot()) {
			throw new IOException("Component " + component + " has no node index: nothing was restored");
		}
		return new Restore(runId, progress, store, place, component, source, index, policy);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One component's restore.
	 */
	public final class Restore {

		private final String runId;

		private final JobProgress progress;

		private final BackupStore store;

		private final BackupPlace place;

		private final String component;

		private final NodeSource source;

		private final NodeIndex index;

		private final RestorePolicy policy;

		private final List<List<StorageObject>> found = new ArrayList<>();

		private long items;

		private long bytes;

		private Restore(String runId, JobProgress progress, BackupStore store, BackupPlace place, String component,
				NodeSource source, NodeIndex index, RestorePolicy policy) {
			this.runId = runId;
			this.progress = progress;
			this.store = store;
			this.place = place;
			this.component = component;
			this.source = source;
			this.index = index;
			this.policy = policy;
		}

		/**
		 * @return files to restore, known after {@link #verify()}
		 */
		public long items() {
			return this.items;
		}

		/**
		 * @return bytes to restore, known after {@link #verify()}
		 */
		public long bytes() {
			return this.bytes;
		}

		/**
		 * Reads every node's artifact once and checks its SHA-256, or, for a snapshot
		 * without a Backplane manifest, finds every node's objects.
		 * @throws IOException naming the node whose artifact is missing or altered
		 */
		public void verify() throws IOException {
			for (int node = 0; node < this.source.nodeCount(); node++) {
				this.progress.checkCancelled();
				try {
					verify(node);
				}
				catch (IOException ex) {
					NodeRestores.this.steps.failed(this.runId, this.component, node, ex.getMessage());
					throw new IOException("Node " + node + ": " + ex.getMessage(), ex);
				}
			}
		}

		private void verify(int node) throws IOException {
			if (this.index != null) {
				NodeIndex.Node entry = this.index.nodes().get(node);
				this.items += entry.items();
				this.bytes += entry.contentBytes();
				if (entry.files() == null) {
					this.store.verifyArtifact(entry.key(), entry.sha256());
					return;
				}
				if (!NodeBackups.fileListSha256(entry.files()).equals(entry.sha256())) {
					throw new IOException(
							"the file list of node " + node + " does not match its SHA-256: the index was altered");
				}
				for (NodeIndex.File file : entry.files()) {
					try (InputStream in = this.store.openObject(entry.key() + file.path())) {
						MessageDigest digest = sha256();
						long size = new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
						if (size != file.sizeBytes()
								|| !HexFormat.of().formatHex(digest.digest()).equals(file.sha256())) {
							throw new IOException("object " + entry.key() + file.path()
									+ " does not match its SHA-256 in the manifest");
						}
					}
				}
				return;
			}
			if (this.place.plainFiles()) {
				List<StorageObject> objects = this.store.listNodeFiles(this.place.snapshot(), node)
					.stream()
					.filter((o) -> !o.key().endsWith("/"))
					.toList();
				if (objects.isEmpty()) {
					throw new IOException("the snapshot has no objects under "
							+ BackupStore.nodeFilesPrefix(this.place.snapshot(), node));
				}
				this.found.add(objects);
				this.items += objects.size();
				this.bytes += objects.stream().mapToLong(StorageObject::size).sum();
			}
			else {
				StorageObject archive = this.store.findNodeArchive(this.place, node);
				if (archive == null) {
					throw new IOException("the snapshot has no " + this.place.snapshot() + "/node-" + node
							+ ".tar.gz (nor node-" + node + ".tar.gz at the container's root)");
				}
				this.found.add(List.of(archive));
				this.bytes += archive.size();
			}
		}

		/**
		 * Checks every node's folder against the policy before any is written (but those
		 * restored already, before the run was parked); a refused node's step fails with
		 * the reason, the others stay PENDING.
		 * @throws RestoreRefusedException the first refusal
		 * @throws IOException if a folder cannot be inspected
		 */
		public void check() throws IOException {
			RestoreRefusedException first = null;
			// nodes restored before the run was parked hold what they restored
			Set<Integer> done = NodeRestores.this.steps.completed(this.runId, this.component).keySet();
			for (int node = 0; node < this.source.nodeCount(); node++) {
				if (done.contains(node)) {
					continue;
				}
				try {
					this.source.checkRestoreNode(node, this.policy);
				}
				catch (RestoreRefusedException ex) {
					NodeRestores.this.steps.failed(this.runId, this.component, node, ex.getMessage());
					if (first == null) {
						first = ex;
					}
				}
			}
			if (first != null) {
				throw first;
			}
		}

		/**
		 * Restores every node, in the component's strategy.
		 * @throws Exception the first node's failure, as {@code Node N: <reason>}
		 */
		public void run() throws Exception {
			String snapshot = this.place.isSnapshot() ? this.place.snapshot() : this.runId;
			NodeSteps steps = NodeRestores.this.steps;
			NodeStepper.run(this.runId, this.component, this.source.nodeCount(), this.source.parallel(), steps,
					this.progress, (node) -> {
						steps.starting(this.runId, this.component, node,
								"restoring into " + this.source.nodePath(node));
						List<String> notes = new ArrayList<>();
						NodeBackups.note(notes, this.source.runHook(NodeSource.Hook.BEFORE_RESTORE, node, snapshot));
						this.source.prepareRestoreNode(node, this.policy);
						String restored = restoreNode(node);
						NodeBackups.note(notes, this.source.runHook(NodeSource.Hook.AFTER_RESTORE, node, snapshot));
						if (this.index == null) {
							notes.add(NO_MANIFEST_WARNING);
						}
						steps.complete(this.runId, this.component, node,
								restored + (notes.isEmpty() ? "" : "; " + String.join(", ", notes)), null);
						logger.info("Node restored: restoreId=" + this.runId + " component=" + this.component + " node="
								+ node);
					});
		}

		private String restoreNode(int node) throws IOException {
			if (this.index != null) {
				NodeIndex.Node entry = this.index.nodes().get(node);
				if (entry.files() == null) {
					try (InputStream in = this.store.openArtifact(entry.key(), entry.sha256())) {
						this.source.restoreNode(node, in, this.progress);
						in.transferTo(OutputStream.nullOutputStream());
					}
				}
				else {
					for (NodeIndex.File file : entry.files()) {
						try (InputStream in = this.store.openObject(entry.key() + file.path())) {
							MessageDigest digest = sha256();
							long size = this.source.writeFile(node, file.path(), new DigestInputStream(in, digest));
							if (size != file.sizeBytes()
									|| !HexFormat.of().formatHex(digest.digest()).equals(file.sha256())) {
								throw new IOException("object " + entry.key() + file.path()
										+ " changed on storage while it was restored");
							}
							this.progress.advance(1, size);
						}
					}
				}
				return "restored " + entry.items() + " files (" + entry.contentBytes() + " bytes) from " + entry.key()
						+ ", sha256 verified";
			}
			List<StorageObject> objects = this.found.get(node);
			long total = 0;
			if (this.place.plainFiles()) {
				String prefix = BackupStore.nodeFilesPrefix(this.place.snapshot(), node);
				for (StorageObject object : objects) {
					try (InputStream in = this.store.openObject(object.key())) {
						long size = this.source.writeFile(node, object.key().substring(prefix.length()), in);
						checkSize(object, size);
						total += size;
						this.progress.advance(1, size);
					}
				}
				return "restored " + objects.size() + " files (" + total + " bytes) from " + prefix;
			}
			StorageObject archive = objects.get(0);
			try (CountingInputStream counted = new CountingInputStream(this.store.openObject(archive.key()))) {
				// buffered above the count: the gzip reader marks and resets its input,
				// which
				// must not count bytes twice
				InputStream in = new BufferedInputStream(counted, 64 * 1024);
				this.source.restoreNode(node, in, this.progress);
				in.transferTo(OutputStream.nullOutputStream());
				checkSize(archive, counted.getByteCount());
			}
			return "restored from " + archive.key() + " (" + archive.size() + " bytes)";
		}

		private void checkSize(StorageObject object, long read) throws IOException {
			if (read != object.size()) {
				throw new IOException("object " + object.key() + " was listed with " + object.size() + " bytes but "
						+ read + " were read: it changed or was truncated");
			}
		}

	}

}
