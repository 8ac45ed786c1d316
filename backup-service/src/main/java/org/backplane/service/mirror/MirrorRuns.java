package org.backplane.service.mirror;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.job.ComponentLocks;
import org.backplane.service.job.JobSecrets;
import org.backplane.service.job.Jobs;
import org.backplane.service.source.MirroredSourceComponent;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.Role;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts and reads mirror runs. Starting checks the component and the parameters, saves
 * the run {@code STATUS_MIRRORING}, takes the component's lock (the same lock backups and
 * restores take, so a backup that mirrors with {@code MIRROR=true}, as the {@code backup}
 * plan does, and another mirror run are refused with 409), seals the parameters and
 * queues the job, all in one transaction.
 */
@Service
class MirrorRuns {

	static final String OPERATION = "mirror";

	private static final Log logger = LogFactory.getLog(MirrorRuns.class);

	private static final Pattern ID = Pattern
		.compile("^mirror:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

	private final MirrorRunRepository runs;

	private final SourceComponentRegistry sources;

	private final ComponentLocks locks;

	private final JobSecrets secrets;

	private final Jobs jobs;

	private final MirrorRunJob job;

	private final Clock clock;

	MirrorRuns(MirrorRunRepository runs, SourceComponentRegistry sources, ComponentLocks locks, JobSecrets secrets,
			Jobs jobs, MirrorRunJob job, Clock clock) {
		this.runs = runs;
		this.sources = sources;
		this.locks = locks;
		this.secrets = secrets;
		this.jobs = jobs;
		this.job = job;
		this.clock = clock;
	}

	/**
	 * Starts a mirror run.
	 * @param caller who asks (operator role)
	 * @param name the component
	 * @param requested per-request parameters (credentials, {@code BUCKETS}), or
	 * {@code null}
	 * @return the run, saved and queued
	 * @throws InvalidRequestException if the component has no mirror or a parameter is
	 * not the component's
	 * @throws ComponentNotFoundException if no component has this name
	 * @throws org.backplane.service.job.ComponentBusyException if the component is busy
	 */
	@Transactional
	MirrorRun start(Caller caller, String name, Map<String, String> requested) {
		caller.require(Role.OPERATOR, "mirroring a component");
		SourceComponent component = component(name);
		if (!(component instanceof MirroredSourceComponent mirrored) || !mirrored.mirrorConfigured()) {
			throw new InvalidRequestException("Component '" + name + "' has no mirror: set backplane.components." + name
					+ ".mirror-location (buckets components only)");
		}
		Map<String, String> parameters = this.sources.componentParameters(List.of(component), requested);
		Map<String, String> unknown = new TreeMap<>(this.sources.storageParameters(requested));
		if (!unknown.isEmpty()) {
			throw new InvalidRequestException("Unknown parameters " + unknown.keySet() + " for mirroring component '"
					+ name + "': it takes " + new TreeSet<>(component.requestParameters()));
		}
		MirrorRun run = MirrorRun.start("mirror:" + UUID.randomUUID(), name, caller.name(), this.clock.instant());
		this.runs.save(run);
		this.locks.acquire(List.of(name), run.getId(), OPERATION);
		this.secrets.seal(run.getId(), SourceComponentRegistry.parametersOf(component, parameters));
		this.jobs.enqueue(this.job, run.getId());
		logger.info(
				"Mirror run requested: mirrorRunId=" + run.getId() + " component=" + name + " caller=" + caller.name());
		return run;
	}

	// a component named in the path that is not configured is a resource not found
	private SourceComponent component(String name) {
		return this.sources.find(name)
			.orElseThrow(() -> new ComponentNotFoundException(name,
					"Unknown component '" + Ids.printable(name) + "': configured components are "
							+ this.sources.all().stream().map(SourceComponent::name).toList()));
	}

	/** Runs a list answers at most. */
	static final int MAX_LIST = 100;

	/**
	 * A component's latest mirror runs.
	 * @param name the component
	 * @param limit how many at most, 1 to {@link #MAX_LIST}
	 * @return its runs, newest first
	 * @throws ComponentNotFoundException if no component has this name
	 * @throws InvalidRequestException if the limit is out of range
	 */
	@Transactional(readOnly = true)
	List<MirrorRun> list(String name, int limit) {
		component(name);
		if (limit < 1 || limit > MAX_LIST) {
			throw new InvalidRequestException(
					"limit " + limit + " is out of range: ask for 1 to " + MAX_LIST + " runs (default 20)");
		}
		return this.runs.findByComponentOrderByCreatedAtDesc(name, Limit.of(limit));
	}

	/**
	 * Reads a mirror run.
	 * @param name the component
	 * @param runId the run's id
	 * @return the run
	 * @throws ComponentNotFoundException if no component has this name
	 * @throws MirrorRunNotFoundException if the component has no run of this id
	 */
	@Transactional(readOnly = true)
	MirrorRun get(String name, String runId) {
		component(name);
		if (runId == null || !ID.matcher(runId).matches()) {
			throw new InvalidRequestException(
					"Invalid mirror run id '" + runId + "': use the id that starting the run answered (mirror:<uuid>)");
		}
		return this.runs.findById(runId)
			.filter((r) -> r.getComponent().equals(name))
			.orElseThrow(() -> new MirrorRunNotFoundException(name, runId));
	}

}
