package org.backplane.service.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.backplane.service.job.JobProgress;
import org.backplane.service.job.NodeSteps;
import org.backplane.service.job.RunParkedException;

/**
 * Steps through a run's nodes one at a time or all at once, skipping those already
 * COMPLETE (the run was parked and runs again). Before each node the run may have to wait
 * (a plan's stop): then no further node starts and, once the running ones ended, the run
 * is parked ({@link NodeSteps#parkIfPaused}), holding no thread until it continues. One
 * at a time, the first failure stops the rest (they stay PENDING); all at once, every
 * node runs and the first failure is reported once all ended.
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
		Set<Integer> done = steps.completed(runId, component).keySet();
		if (!parallel || nodes == 1) {
			for (int node = 0; node < nodes; node++) {
				if (done.contains(node)) {
					continue;
				}
				steps.parkIfPaused(runId);
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
				if (done.contains(node)) {
					continue;
				}
				futures.add(pool.submit(() -> {
					steps.parkIfPaused(runId);
					progress.checkCancelled();
					work.run(node);
					return null;
				}));
			}
			Exception first = null;
			RunParkedException parked = null;
			for (Future<?> future : futures) {
				try {
					future.get();
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof RunParkedException waiting) {
						parked = waiting;
					}
					else if (first == null) {
						first = (ex.getCause() instanceof Exception cause) ? cause : new IOException(ex.getCause());
					}
				}
			}
			if (first != null) {
				throw first;
			}
			if (parked != null) {
				throw parked;
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
