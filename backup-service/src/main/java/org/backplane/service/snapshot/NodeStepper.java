package org.backplane.service.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.backplane.service.job.JobProgress;
import org.backplane.service.job.NodeSteps;

/**
 * Steps through a run's nodes one at a time or all at once. Before each node the run may
 * wait ({@link NodeSteps#awaitGo}: a plan's stop). One at a time, the first failure stops
 * the rest (they stay PENDING); all at once, every node runs and the first failure is
 * reported once all ended.
 */
final class NodeStepper {

	private NodeStepper() {
	}

	/**
	 * Runs every node's step; a step that fails is recorded as ERROR with its reason and
	 * reported as {@code Node <n>: <reason>}.
	 * @param runId the run
	 * @param component the component
	 * @param nodes how many nodes
	 * @param parallel all at once rather than one at a time
	 * @param steps where steps are recorded
	 * @param progress the run's progress
	 * @param step one node's step
	 * @throws Exception the first failure
	 */
	static void run(String runId, String component, int nodes, boolean parallel, NodeSteps steps, JobProgress progress,
			NodeWork step) throws Exception {
		NodeWork work = (node) -> {
			try {
				step.run(node);
			}
			catch (JobProgress.JobCancelledException ex) {
				steps.failed(runId, component, node, ex.getMessage());
				throw ex;
			}
			catch (Exception ex) {
				String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
				steps.failed(runId, component, node, reason);
				throw new IOException("Node " + node + ": " + reason, ex);
			}
		};
		if (!parallel || nodes == 1) {
			for (int node = 0; node < nodes; node++) {
				steps.awaitGo(runId, progress);
				progress.checkCancelled();
				work.run(node);
			}
			return;
		}
		ExecutorService pool = Executors.newFixedThreadPool(nodes, (runnable) -> {
			Thread thread = new Thread(runnable, "backplane-node-" + runId);
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < nodes; i++) {
				int node = i;
				futures.add(pool.submit(() -> {
					steps.awaitGo(runId, progress);
					progress.checkCancelled();
					work.run(node);
					return null;
				}));
			}
			Exception first = null;
			for (Future<?> future : futures) {
				try {
					future.get();
				}
				catch (ExecutionException ex) {
					if (first == null) {
						first = (ex.getCause() instanceof Exception cause) ? cause : new IOException(ex.getCause());
					}
				}
			}
			if (first != null) {
				throw first;
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	interface NodeWork {

		void run(int node) throws Exception;

	}

}
