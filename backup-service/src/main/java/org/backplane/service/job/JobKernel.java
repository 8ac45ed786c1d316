package org.backplane.service.job;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every kind of claimed job runs with: transactions, the clock, the component locks
 * and sealed parameters it frees when it ends, the queue's view of dead runners, and the
 * thread that beats the running jobs' heartbeats. A Spring bean, so that thread stops
 * with the context, after the job runtime has stopped the jobs.
 */
@Component
public class JobKernel implements DisposableBean {

	private static final Log logger = LogFactory.getLog(JobKernel.class);

	final TransactionTemplate tx;

	final Clock clock;

	final ComponentLocks locks;

	final JobSecrets secrets;

	final StaleJobs staleJobs;

	final Duration heartbeatInterval;

	final Duration staleAfter;

	private final ObjectProvider<Jobs> jobs;

	final NodeSteps steps;

	final ScheduledExecutorService heartbeats;

	final IdleCollection idleCollection;

	JobKernel(PlatformTransactionManager transactionManager, Clock clock, ComponentLocks locks, JobSecrets secrets,
			StaleJobs staleJobs, BackplaneProperties properties, ObjectProvider<Jobs> jobs, NodeSteps steps) {
		this.tx = new TransactionTemplate(transactionManager);
		this.clock = clock;
		this.locks = locks;
		this.secrets = secrets;
		this.staleJobs = staleJobs;
		this.heartbeatInterval = properties.runner().heartbeatInterval();
		this.staleAfter = properties.runner().staleAfter();
		this.jobs = jobs;
		this.steps = steps;
		this.heartbeats = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "backplane-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.idleCollection = IdleCollection.of(properties.runner().collectWhenIdle(), this.heartbeats);
	}

	/**
	 * The clock of the jobs' timestamps.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * The queue (built with the job runtime, which needs the kinds of jobs first).
	 * @return the queue
	 */
	Jobs jobs() {
		return this.jobs.getObject();
	}

	/**
	 * @return this node's runner name, unique per process start
	 */
	String runnerName() {
		return jobs().runnerName();
	}

	/**
	 * Stops the heartbeat thread; by now the job runtime has stopped every job.
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.heartbeats.shutdownNow();
		if (!this.heartbeats.awaitTermination(5, TimeUnit.SECONDS)) {
			logger.warn("Heartbeat thread did not stop within 5s");
		}
	}

}
