package org.backplane.service.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.client.dcos.PlanInfo;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupCatalogue;
import org.backplane.service.backup.BackupService;
import org.backplane.service.backup.BackupStatus;
import org.backplane.service.backup.StoredBackup;
import org.backplane.service.job.NodeSteps;
import org.backplane.service.restore.Restore;
import org.backplane.service.restore.RestoreService;
import org.backplane.service.restore.RestoreStatus;
import org.backplane.service.source.MirroredSourceComponent;
import org.backplane.service.source.NodeSource;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.storage.StorageTarget;
import org.backplane.service.store.BackupManifest;
import org.backplane.service.store.BackupPlace;
import org.backplane.service.store.BackupStore;
import org.backplane.service.store.BackupStores;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;
import org.backplane.service.support.Role;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The DC/OS SDK plans over the {@code nodes} components: {@code backup-s3},
 * {@code backup-azure}, {@code restore-s3}, {@code restore-azure}; and the MinIO
 * service's {@code backup} and {@code restore} over the {@code buckets} components
 * ({@link BucketPlans}). Each start is a backup or a restore in the catalogue
 * ({@code plan_run} links them); a plan's status is built from that run and its steps.
 * One phase per plan ({@code backup} or {@code restore}), one step per node
 * ({@code node-N:[backup]}) or per part of a bucket plan.
 */
@Service
class PlanService {

	static final List<String> PLANS = List.of("backup-s3", "backup-azure", "restore-s3", "restore-azure");

	/** The parameter choosing the component when several are {@code nodes}. */
	static final String COMPONENT = "COMPONENT";

	/** The parameter naming the snapshot. */
	static final String SNAPSHOT_NAME = "SNAPSHOT_NAME";

	private static final Pattern PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/**
	 * Names a snapshot cannot have: a snapshot is a folder at the location's root, beside
	 * Backplane's own {@code backups/} and the object pool {@code objects/}.
	 */
	private static final List<String> RESERVED_SNAPSHOTS = List.of("backups", "objects");

	private static final Pattern SNAPSHOT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}");

	private static final Log logger = LogFactory.getLog(PlanService.class);

	private final SourceComponentRegistry sources;

	private final StorageLocations storage;

	private final BackupStores stores;

	private final BackupService backups;

	private final BackupCatalogue catalogue;

	private final RestoreService restores;

	private final NodeSteps steps;

	private final PlanRuns runs;

	private final Clock clock;

	private final BucketPlans bucketPlans;

	PlanService(SourceComponentRegistry sources, StorageLocations storage, BackupStores stores, BackupService backups,
			BackupCatalogue catalogue, RestoreService restores, NodeSteps steps, PlanRuns runs, Clock clock,
			BucketPlans bucketPlans) {
		this.bucketPlans = bucketPlans;
		this.sources = sources;
		this.storage = storage;
		this.stores = stores;
		this.backups = backups;
		this.catalogue = catalogue;
		this.restores = restores;
		this.steps = steps;
		this.runs = runs;
		this.clock = clock;
	}

	/**
	 * @return the plans' names: the data services' with a component of type
	 * {@code nodes}, the MinIO service's with one of type {@code buckets}; empty with
	 * neither
	 */
	List<String> names() {
		List<String> names = new ArrayList<>();
		if (!nodeComponents().isEmpty()) {
			names.addAll(PLANS);
		}
		if (!bucketComponents().isEmpty()) {
			names.addAll(BucketPlans.PLANS);
		}
		return names;
	}

	/**
	 * A plan's status: its latest run's, or every step PENDING if it never ran.
	 * @param plan the plan's name
	 * @return the plan and the HTTP status that carries its state
	 */
	@Transactional(readOnly = true)
	View get(String plan) {
		check(plan);
		Optional<PlanRuns.PlanRun> run = this.runs.latest(plan, null);
		String component = run.map(PlanRuns.PlanRun::component).orElseGet(() -> candidates(plan).get(0));
		if (run.isPresent() && state(plan, run.get().runId()).gone()) {
			run = Optional.empty();
		}
		return view(plan, component, run.orElse(null));
	}

	/**
	 * Starts a plan: a backup or a restore of a {@code nodes} component in the snapshot
	 * layout of the plan's storage.
	 * @param caller who asks; the backup's and restore's own rules apply (placement
	 * parameters and overwrite restores need the admin role)
	 * @param plan the plan's name
	 * @param parameters the plan's parameters: {@code SNAPSHOT_NAME}, {@code COMPONENT}
	 * when several components are {@code nodes}, and the storage's per-request parameters
	 * @return the id of the backup or restore it runs as
	 */
	@Transactional
	String start(Caller caller, String plan, Map<String, String> parameters) {
		caller.require(Role.OPERATOR, "starting a plan");
		check(plan);
		Map<String, String> given = (parameters != null) ? parameters : Map.of();
		for (Map.Entry<String, String> parameter : given.entrySet()) {
			if (parameter.getKey() == null || !PARAMETER.matcher(parameter.getKey()).matches()) {
				throw new InvalidRequestException("'" + Ids.printable(parameter.getKey())
						+ "' is not a valid environment variable name: use letters, digits and '_', not starting with a digit");
			}
			if (parameter.getValue() == null) {
				throw new InvalidRequestException(
						"Parameter " + parameter.getKey() + " has no value: give it a string");
			}
		}
		String component = component(plan, given.get(COMPONENT));
		if (BucketPlans.PLANS.contains(plan)) {
			return startBuckets(caller, plan, component, given);
		}
		NodeSource source = (NodeSource) this.sources.find(component).orElseThrow();
		String snapshot = given.get(SNAPSHOT_NAME);
		if (snapshot == null || !SNAPSHOT.matcher(snapshot).matches() || RESERVED_SNAPSHOTS.contains(snapshot)) {
			throw new InvalidRequestException("Parameter " + SNAPSHOT_NAME + " "
					+ ((snapshot != null) ? "'" + Ids.printable(snapshot) + "' is not valid" : "is missing")
					+ ": name the snapshot with 1 to 200 letters, digits, '.', '_' or '-' (not 'backups' or 'objects', "
					+ "Backplane's own folders at a location's root), e.g. " + SNAPSHOT_NAME + "=snapshot-2026-12-06");
		}
		refuseIfRunning(plan, component);
		Map<String, String> storageParameters = new LinkedHashMap<>(given);
		storageParameters.remove(SNAPSHOT_NAME);
		storageParameters.remove(COMPONENT);
		String layout = storageKind(plan);
		String location = location(layout);
		// the data services' scripts always name the bucket or container: naming the
		// location's own is no placement elsewhere, so it needs no more than the operator
		// role
		String own = this.storage.destination(new StorageTarget(location, Map.of(), Map.of())).bucket();
		for (String name : List.of("S3_BUCKET_NAME", "CONTAINER_NAME")) {
			if (own != null && own.equals(storageParameters.get(name))) {
				storageParameters.remove(name);
			}
		}
		StorageTarget target = this.storage.newTarget(location, storageParameters);
		String runId;
		if (plan.startsWith("backup")) {
			BackupPlace place = new BackupPlace("-", layout, snapshot);
			try (BackupStore store = this.stores.open(target)) {
				if (!store.snapshotObjects(place).stream().allMatch((o) -> o.key().matches("node-[0-9]+\\.tar\\.gz"))) {
					throw PlanException.conflict(plan, "Snapshot " + snapshot + " already exists in " + describe(target)
							+ ": choose another " + SNAPSHOT_NAME + ", or delete that snapshot");
				}
			}
			catch (IOException ex) {
				throw new InvalidRequestException("Cannot list " + describe(target) + ": " + ex.getMessage());
			}
			String label = Ids.isValidLabel(snapshot) ? snapshot : plan;
			Backup backup = this.backups.create(caller, label, List.of(component), location,
					storageParameters.isEmpty() ? null : storageParameters,
					new BackupService.SnapshotLayout(layout, snapshot));
			runId = backup.getId();
		}
		else {
			StoredBackup backup = snapshotBackup(caller, plan, target, layout, snapshot, component, source);
			Restore restore = this.restores.create(caller, backup.id(), new ArrayList<>(List.of(component)), null, null,
					storageParameters.isEmpty() ? null : storageParameters);
			runId = restore.getId();
		}
		this.runs.add(new PlanRuns.PlanRun(runId, plan, component, snapshot, this.clock.instant(), caller.name()));
		logger.info("Plan started: plan=" + plan + " component=" + component + " snapshot=" + snapshot + " runId="
				+ runId + " parameters=" + new TreeSet<>(given.keySet()));
		return runId;
	}

	private void refuseIfRunning(String plan, String component) {
		Optional<PlanRuns.PlanRun> latest = this.runs.latest(plan, component);
		if (latest.isPresent() && state(plan, latest.get().runId()).running()) {
			throw PlanException.conflict(plan, "Plan " + plan + " is running for component " + component + " ("
					+ latest.get().runId() + "): wait until it ends, or stop it and let it end");
		}
	}

	private String startBuckets(Caller caller, String plan, String component, Map<String, String> given) {
		refuseIfRunning(plan, component);
		Map<String, String> parameters = new LinkedHashMap<>(given);
		parameters.remove(COMPONENT);
		BucketPlans.Started started = this.bucketPlans.start(caller, plan,
				(MirroredSourceComponent) this.sources.find(component).orElseThrow(), parameters);
		this.runs.add(new PlanRuns.PlanRun(started.runId(), plan, component, started.detail(), this.clock.instant(),
				caller.name()));
		// names only: the values may be credentials
		logger.info("Plan started: plan=" + plan + " component=" + component + " runId=" + started.runId()
				+ " parameters=" + new TreeSet<>(given.keySet()));
		return started.runId();
	}

	/**
	 * The catalogue's backup of a snapshot: the one Backplane made or recorded before, or
	 * the snapshot found on storage now, recorded as a backup.
	 * @param caller who asks
	 * @param plan the plan's name
	 * @param target where the snapshot is
	 * @param layout its layout
	 * @param snapshot its name
	 * @param component the component it restores into
	 * @param source that component
	 * @return the backup
	 */
	private StoredBackup snapshotBackup(Caller caller, String plan, StorageTarget target, String layout,
			String snapshot, String component, NodeSource source) {
		String bucket = this.storage.destination(target).bucket();
		Optional<StoredBackup> known = this.catalogue.findSnapshot(target.location(), bucket, layout, snapshot);
		if (known.isPresent() && known.get().component(component).isPresent()) {
			return known.get();
		}
		BackupPlace place = new BackupPlace("-", layout, snapshot);
		Backup.ImportedArtifact artifact;
		try (BackupStore store = this.stores.open(target)) {
			BackupManifest manifest = store.findSnapshotManifest(place);
			BackupManifest.Component nodes = (manifest != null)
					? manifest.components().stream().filter((c) -> "nodes".equals(c.type())).findFirst().orElse(null)
					: null;
			if (nodes != null) {
				artifact = new Backup.ImportedArtifact(nodes.artifactKey(), nodes.sizeBytes(), nodes.sha256(),
						nodes.items(), nodes.contentBytes());
			}
			else {
				List<StorageObject> objects = store.snapshotObjects(place);
				if (objects.isEmpty()) {
					throw PlanException.notFound(plan, "Snapshot " + snapshot + " was not found in " + describe(target)
							+ ": check " + SNAPSHOT_NAME + " and the bucket or container parameters");
				}
				artifact = new Backup.ImportedArtifact(snapshot + "/",
						objects.stream().mapToLong(StorageObject::size).sum(), listingSha256(objects), objects.size(),
						objects.stream().mapToLong(StorageObject::size).sum());
			}
		}
		catch (IOException ex) {
			throw new InvalidRequestException(
					"Cannot read snapshot " + snapshot + " in " + describe(target) + ": " + ex.getMessage());
		}
		String label = Ids.isValidLabel(snapshot) ? snapshot : "snapshot";
		return this.catalogue.importSnapshot(label, (SourceComponent) source, target, layout, snapshot, artifact,
				caller.name());
	}

	private String describe(StorageTarget target) {
		String bucket = this.storage.destination(target).bucket();
		return "storage location '" + target.location() + "'" + ((bucket != null) ? " (" + bucket + ")" : "");
	}

	private static String listingSha256(List<StorageObject> objects) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (StorageObject object : objects) {
				digest.update((object.key() + " " + object.size() + "\n").getBytes(StandardCharsets.UTF_8));
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Makes the running plan's next steps wait (the SDK's {@code stop} and
	 * {@code interrupt}): the running steps end, the rest stay PENDING (the plan and its
	 * phase WAITING) until {@code continue}.
	 * @param caller who asks
	 * @param plan the plan's name
	 * @param phase a phase's name or id, or {@code null}
	 * @return whether anything changed (else the plan was not running or already waiting)
	 */
	boolean interrupt(Caller caller, String plan, String phase) {
		caller.require(Role.OPERATOR, "interrupting a plan");
		Optional<PlanRuns.PlanRun> run = runningRun(plan, phase);
		return run.isPresent() && this.steps.pause(run.get().runId());
	}

	/**
	 * Lets a waiting plan go on (the SDK's {@code continue}).
	 * @param caller who asks
	 * @param plan the plan's name
	 * @param phase a phase's name or id, or {@code null}
	 * @return whether it was waiting
	 */
	boolean proceed(Caller caller, String plan, String phase) {
		caller.require(Role.OPERATOR, "continuing a plan");
		Optional<PlanRuns.PlanRun> run = runningRun(plan, phase);
		return run.isPresent() && this.steps.resume(run.get().runId());
	}

	/**
	 * The SDK's {@code forceComplete}: only a no-op for a step that is complete; a node
	 * that was not backed up or restored cannot be marked so.
	 * @param caller who asks
	 * @param plan the plan's name
	 * @param phase the phase's name or id
	 * @param step the step's name or id
	 * @return {@code false}: nothing changed
	 */
	boolean forceComplete(Caller caller, String plan, String phase, String step) {
		caller.require(Role.OPERATOR, "completing a plan's step");
		PlanInfo.StepInfo found = step(plan, phase, step);
		if ("COMPLETE".equals(found.status())) {
			return false;
		}
		throw PlanException.conflict(plan,
				"Step " + found.name() + " of plan " + plan + " is " + found.status()
						+ ": a step cannot be marked complete without being done (its copy would be missing); "
						+ "stop the plan, or let it run");
	}

	/**
	 * The SDK's {@code restart}: a no-op for a step that is still PENDING in a running
	 * plan; a run that ended is started again with {@code start}.
	 * @param caller who asks
	 * @param plan the plan's name
	 * @param phase the phase's name or id
	 * @param step the step's name or id
	 * @return {@code false}: nothing changed
	 */
	boolean restart(Caller caller, String plan, String phase, String step) {
		caller.require(Role.OPERATOR, "restarting a plan's step");
		PlanInfo.StepInfo found = step(plan, phase, step);
		if ("PENDING".equals(found.status())) {
			return false;
		}
		throw PlanException.conflict(plan,
				"Step " + found.name() + " of plan " + plan + " is " + found.status()
						+ ": a step runs once per run; start the plan again (POST /v1/plans/" + plan
						+ "/start with its parameters) to run every step anew");
	}

	private PlanInfo.StepInfo step(String plan, String phase, String step) {
		if (phase == null || phase.isBlank()) {
			throw new InvalidRequestException("Parameter phase is missing: name the phase, e.g. ?phase="
					+ phaseName(plan) + "&step=" + exampleStep(plan));
		}
		if (step == null || step.isBlank()) {
			throw new InvalidRequestException(
					"Parameter step is missing: name the step, e.g. step=" + exampleStep(plan));
		}
		PlanInfo.PhaseInfo found = phase(plan, phase);
		return found.steps()
			.stream()
			.filter((s) -> s.name().equals(step) || s.id().equals(step))
			.findFirst()
			.orElseThrow(() -> PlanException.notFound(plan,
					"Plan " + plan + " has no step '" + Ids.printable(step) + "' in phase " + found.name()
							+ ": use one of " + found.steps().stream().map(PlanInfo.StepInfo::name).toList()));
	}

	private PlanInfo.PhaseInfo phase(String plan, String phase) {
		PlanInfo info = get(plan).info();
		return info.phases()
			.stream()
			.filter((p) -> p.name().equals(phase) || p.id().equals(phase))
			.findFirst()
			.orElseThrow(() -> PlanException.notFound(plan, "Plan " + plan + " has no phase '" + Ids.printable(phase)
					+ "': use " + info.phases().stream().map(PlanInfo.PhaseInfo::name).toList()));
	}

	private Optional<PlanRuns.PlanRun> runningRun(String plan, String phase) {
		check(plan);
		if (phase != null && !phase.isBlank()) {
			phase(plan, phase);
		}
		return this.runs.latest(plan, null).filter((run) -> state(plan, run.runId()).running());
	}

	private View view(String plan, String component, PlanRuns.PlanRun run) {
		if (BucketPlans.PLANS.contains(plan)) {
			RunState state = (run != null) ? state(plan, run.runId()) : new RunState(false, false, null);
			boolean paused = run != null && state.running() && this.steps.isPaused(run.runId());
			MirroredSourceComponent source = this.sources.find(component)
				.filter(MirroredSourceComponent.class::isInstance)
				.map(MirroredSourceComponent.class::cast)
				.orElse(null);
			return this.bucketPlans.view(plan, source, component, run, state, paused);
		}
		String verb = phaseName(plan);
		Optional<NodeSource> source = this.sources.find(component)
			.filter(NodeSource.class::isInstance)
			.map(NodeSource.class::cast);
		List<NodeSteps.NodeStep> rows = (run != null)
				? this.steps.of(run.runId()).stream().filter((s) -> s.component().equals(component)).toList()
				: List.of();
		int count = Math.max(source.map(NodeSource::nodeCount).orElse(0), rows.size());
		RunState state = (run != null) ? state(plan, run.runId()) : new RunState(false, false, null);
		boolean paused = run != null && state.running() && this.steps.isPaused(run.runId());
		String key = (run != null) ? run.runId() : plan;
		List<PlanInfo.StepInfo> stepInfos = new ArrayList<>();
		for (int node = 0; node < count; node++) {
			int index = node;
			NodeSteps.NodeStep row = rows.stream().filter((r) -> r.node() == index).findFirst().orElse(null);
			String status = (row != null) ? row.status().name() : "PENDING";
			if (run != null && !state.running() && status.equals("STARTING")) {
				status = "ERROR";
			}
			String name = "node-" + node + ":[" + verb + "]";
			stepInfos.add(new PlanInfo.StepInfo(id(key + "/" + component + "/" + name), status, name,
					(row != null && row.message() != null) ? row.message() : ""));
		}
		String planStatus;
		if (run == null) {
			planStatus = "PENDING";
		}
		else if (state.running()) {
			planStatus = paused ? "WAITING" : "IN_PROGRESS";
		}
		else {
			planStatus = state.failed() ? "ERROR" : "COMPLETE";
		}
		String strategy = source.map((s) -> s.parallel() ? "parallel" : "serial").orElse("serial");
		PlanInfo.PhaseInfo phaseInfo = new PlanInfo.PhaseInfo(id(key + "/" + component + "/" + verb), verb, stepInfos,
				strategy, planStatus);
		List<String> errors = (run != null && state.failed()) ? List.of(state.errorReason()) : List.of();
		PlanInfo info = new PlanInfo(List.of(phaseInfo), "serial", errors, planStatus);
		int status = switch (planStatus) {
			case "COMPLETE" -> 200;
			case "ERROR" -> 417;
			default -> 202;
		};
		return new View(info, status);
	}

	private RunState state(String plan, String runId) {
		if (plan.startsWith("backup")) {
			// a backup deleted since leaves the plan as never run
			return this.backups.find(runId)
				.map((backup) -> new RunState(backup.isRunning(), backup.getStatus() == BackupStatus.STATUS_ERROR,
						backup.getErrorReason()))
				.orElseGet(() -> new RunState(false, false, null, true));
		}
		return this.restores.find(runId)
			.map((restore) -> new RunState(restore.isRunning(), restore.getStatus() == RestoreStatus.STATUS_ERROR,
					restore.getErrorReason()))
			.orElseGet(() -> new RunState(false, false, null, true));
	}

	private String component(String plan, String requested) {
		List<String> names = candidates(plan);
		String type = BucketPlans.PLANS.contains(plan) ? "buckets" : "nodes";
		if (requested != null) {
			if (!names.contains(requested)) {
				throw new InvalidRequestException("Parameter " + COMPONENT + " '" + Ids.printable(requested)
						+ "' is not a " + type + " component: use one of " + names);
			}
			return requested;
		}
		if (names.size() > 1) {
			throw new InvalidRequestException("Several components are of type " + type
					+ ": choose one with the parameter " + COMPONENT + ", one of " + names);
		}
		return names.get(0);
	}

	// the components a plan runs over: buckets components for the MinIO service's plans,
	// nodes components for the data services'
	private List<String> candidates(String plan) {
		return BucketPlans.PLANS.contains(plan) ? bucketComponents() : nodeComponents();
	}

	private List<String> nodeComponents() {
		return this.sources.all().stream().filter(NodeSource.class::isInstance).map(SourceComponent::name).toList();
	}

	private List<String> bucketComponents() {
		return this.sources.all()
			.stream()
			.filter(MirroredSourceComponent.class::isInstance)
			.map(SourceComponent::name)
			.toList();
	}

	private String location(String scheme) {
		StorageLocation preferred = this.storage.location(null);
		if (scheme.equals(preferred.uri().getScheme().toLowerCase(Locale.ROOT))) {
			return preferred.name();
		}
		return this.storage.all()
			.stream()
			.filter((l) -> scheme.equals(l.uri().getScheme().toLowerCase(Locale.ROOT)))
			.map(StorageLocation::name)
			.findFirst()
			.orElseThrow(() -> new InvalidRequestException("No " + scheme + " storage location is configured for the "
					+ scheme + " plans: add one, e.g. backplane.storage.locations." + scheme + ".uri=" + scheme + "://<"
					+ (scheme.equals("s3") ? "bucket" : "account/container") + ">"));
	}

	private void check(String plan) {
		if (!names().contains(plan)) {
			throw PlanException.notFound(plan, "No plan '" + Ids.printable(plan) + "': use one of " + names()
					+ (names().isEmpty() ? " (configure a component of type nodes or buckets to get plans)" : ""));
		}
	}

	private static String storageKind(String plan) {
		return plan.endsWith("-s3") ? BackupPlace.S3 : BackupPlace.AZURE;
	}

	private static String exampleStep(String plan) {
		if (BucketPlans.PLANS.contains(plan)) {
			return plan.equals("backup") ? BucketPlans.BACKUP_STEP : "restore-bucket";
		}
		return "node-0:[" + phaseName(plan) + "]";
	}

	private static String phaseName(String plan) {
		return plan.startsWith("backup") ? "backup" : "restore";
	}

	private static String id(String name) {
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * A plan's status and the HTTP status that carries it.
	 *
	 * @param info the plan
	 * @param httpStatus 200 complete, 202 pending or in progress, 417 with errors
	 */
	record View(PlanInfo info, int httpStatus) {
	}

	record RunState(boolean running, boolean failed, String errorReason, boolean gone) {

		RunState(boolean running, boolean failed, String errorReason) {
			this(running, failed, errorReason, false);
		}

	}

}
