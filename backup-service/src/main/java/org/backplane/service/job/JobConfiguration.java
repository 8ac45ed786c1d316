package org.backplane.service.job;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.config.BackplaneProperties;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Wires db-scheduler: a queue of jobs in PostgreSQL, picked cluster-safely (several
 * replicas may share one database), with heartbeats and dead-execution detection. Chosen
 * over a hand-written queue; see {@code docs/architecture.md}.
 */
@Configuration(proxyBeanMethods = false)
class JobConfiguration {

	private static final Log logger = LogFactory.getLog(JobConfiguration.class);

	@Bean
	JobRuntime jobRuntime(DataSource dataSource, List<JobTask> jobTasks, BackplaneProperties properties, Clock clock) {
		return new JobRuntime(dataSource, jobTasks, properties.runner(), clock);
	}

	@Bean
	Jobs jobs(JobRuntime runtime) {
		return runtime.jobs;
	}

	/**
	 * Owns the scheduler and the reaper: started after the context is ready (so no job
	 * runs against a half-built context) and stopped first on shutdown.
	 */
	static class JobRuntime implements SmartLifecycle {

		private final List<JobTask> jobTasks;

		private final BackplaneProperties.Runner runner;

		private final Clock clock;

		/**
		 * Builds a scheduler: a stopped one cannot start again, so each start gets its
		 * own.
		 */
		private final Supplier<Scheduler> schedulers;

		private final AtomicReference<Scheduler> started = new AtomicReference<>();

		private final Jobs jobs;

		private final String runnerName;

		private ScheduledExecutorService reaper;

		JobRuntime(DataSource dataSource, List<JobTask> jobTasks, BackplaneProperties.Runner runner, Clock clock) {
			this.jobTasks = jobTasks;
			this.runner = runner;
			this.clock = clock;
			// A fresh name per process start: a job picked by an earlier incarnation of
			// this node is never mistaken for one of ours, and is reaped once its
			// heartbeat is stale.
			this.runnerName = hostName() + "-" + ProcessHandle.current().pid() + "-"
					+ UUID.randomUUID().toString().substring(0, 8);
			List<Task<?>> tasks = jobTasks.stream().<Task<?>>map(JobTask::task).toList();
			List<RecurringTask<?>> recurring = tasks.stream()
				.filter(RecurringTask.class::isInstance)
				.<RecurringTask<?>>map(RecurringTask.class::cast)
				.toList();
			// recurring tasks are known through startTasks, which also schedules their
			// first run (once across the cluster)
			List<Task<?>> oneTime = tasks.stream().filter((task) -> !(task instanceof RecurringTask)).toList();
			this.schedulers = () -> Scheduler.create(dataSource, oneTime)
				.startTasks(recurring)
				.schedulerName(new SchedulerName.Fixed(this.runnerName))
				.threads(runner.threads())
				.pollingInterval(runner.pollingInterval())
				.heartbeatInterval(runner.heartbeatInterval())
				.missedHeartbeatsLimit(
						Math.max(3, (int) (runner.staleAfter().toMillis() / runner.heartbeatInterval().toMillis())))
				.shutdownMaxWait(runner.shutdownMaxWait())
				.jdbcCustomization(new PostgreSqlJdbcCustomization(false, false))
				.build();
			// Scheduling joins the caller's transaction through this proxy: a job is
			// queued iff its row commits.
			SchedulerClient transactional = SchedulerClient.Builder
				.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
				.jdbcCustomization(new PostgreSqlJdbcCustomization(false, false))
				.build();
			this.jobs = new Jobs(transactional, this.started::get, this.runnerName, clock);
		}

		private static String hostName() {
			try {
				return InetAddress.getLocalHost().getHostName();
			}
			catch (Exception ex) {
				return ManagementFactory.getRuntimeMXBean().getName();
			}
		}

		@Override
		public void start() {
			reapStale();
			// a context paused and started again (tests switching contexts) gets a new
			// scheduler with the same name
			Scheduler scheduler = this.schedulers.get();
			scheduler.start();
			this.started.set(scheduler);
			this.reaper = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "backplane-reaper");
				thread.setDaemon(true);
				return thread;
			});
			long interval = this.runner.reaperInterval().toMillis();
			this.reaper.scheduleWithFixedDelay(this::reapStale, interval, interval, TimeUnit.MILLISECONDS);
			logger.info("Job runner started: runner=" + this.runnerName + " threads=" + this.runner.threads());
		}

		void reapStale() {
			Instant staleBefore = this.clock.instant().minus(this.runner.staleAfter());
			for (JobTask task : this.jobTasks) {
				try {
					task.reapStale(staleBefore);
				}
				catch (RuntimeException ex) {
					logger.warn(
							"Reaping stale jobs failed: task=" + task.task().getName() + " reason=" + ex.getMessage(),
							ex);
				}
			}
		}

		@Override
		public void stop() {
			Scheduler scheduler = this.started.getAndSet(null);
			if (this.reaper != null) {
				this.reaper.shutdownNow();
			}
			if (scheduler != null) {
				scheduler.stop();
			}
			logger.info("Job runner stopped: runner=" + this.runnerName);
		}

		@Override
		public boolean isRunning() {
			return this.started.get() != null;
		}

		@Override
		public int getPhase() {
			// after the web server (which starts late), before it on shutdown
			return Integer.MAX_VALUE - 10;
		}

	}

}
