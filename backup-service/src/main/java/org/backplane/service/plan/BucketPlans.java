package org.backplane.service.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.backplane.client.dcos.PlanInfo;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupCatalogue;
import org.backplane.service.backup.BackupService;
import org.backplane.service.backup.StoredBackup;
import org.backplane.service.job.NodeSteps;
import org.backplane.service.restore.Restore;
import org.backplane.service.restore.RestoreService;
import org.backplane.service.source.MirroredSourceComponent;
import org.backplane.service.source.SourceComponentRegistry;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;

import org.springframework.stereotype.Component;

/**
 * The MinIO service's plans over the {@code buckets} components, with its names and
 * parameters:
 * <ul>
 * <li>{@code backup} ({@code ACCESS_KEY_ID}, {@code SECRET_ACCESS_KEY}: the source's
 * credentials): a point-in-time backup of the component into the default storage location
 * and, when the component has a {@code mirror-location}, a mirror run in the same job
 * once the backup is stored. One phase {@code backup}, steps {@code backup-buckets} and
 * {@code mirror}.</li>
 * <li>{@code restore} ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}: the
 * storage's credentials; {@code S3_BUCKET}: one bucket, by its source name or its
 * mirror's {@code <mirror-prefix><bucket>} name; optionally
 * {@code SKIP_UNSUPPORTED_SETTINGS}): that bucket, from the component's latest READY
 * backup, under the component's restore policy. One phase {@code restore}, one step
 * {@code restore-bucket:[<bucket>]}.</li>
 * </ul>
 */
@Component
class BucketPlans {

	/** The plans' names. */
	static final List<String> PLANS = List.of("backup", "restore");

	static final String ACCESS_KEY_ID = "ACCESS_KEY_ID";

	static final String SECRET_ACCESS_KEY = "SECRET_ACCESS_KEY";

	static final String S3_BUCKET = "S3_BUCKET";

	/**
	 * The {@code buckets} component's restore parameter that accepts a target lacking
	 * bucket settings (docs/sources-buckets.md): taken by the restore plan too.
	 */
	static final String SKIP_UNSUPPORTED_SETTINGS = "SKIP_UNSUPPORTED_SETTINGS";

	static final String BACKUP_STEP = "backup-buckets";

	static final String MIRROR_STEP = "mirror";

	private static final String BUCKETS = "BUCKETS";

	private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

	private final SourceComponentRegistry sources;

	private final BackupService backups;

	private final BackupCatalogue catalogue;

	private final RestoreService restores;

	private final NodeSteps steps;

	BucketPlans(SourceComponentRegistry sources, BackupService backups, BackupCatalogue catalogue,
			RestoreService restores, NodeSteps steps) {
		this.sources = sources;
		this.backups = backups;
		this.catalogue = catalogue;
		this.restores = restores;
		this.steps = steps;
	}

	/**
	 * Starts a plan.
	 * @param caller who asks
	 * @param plan {@code backup} or {@code restore}
	 * @param source the component
	 * @param parameters the plan's parameters, names already checked, without
	 * {@code COMPONENT}
	 * @return the run
	 */
	Started start(Caller caller, String plan, MirroredSourceComponent source, Map<String, String> parameters) {
		return plan.equals("backup") ? backUp(caller, source, parameters) : restore(caller, source, parameters);
	}

	private Started backUp(Caller caller, MirroredSourceComponent source, Map<String, String> given) {
		Map<String, String> parameters = checked("backup", given, Set.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
				Set.of(PlanService.SNAPSHOT_NAME, S3_BUCKET));
		boolean mirror = source.mirrorConfigured();
		if (mirror) {
			parameters.put(MirroredSourceComponent.MIRROR, "true");
		}
		String label = Ids.isValidLabel(source.name()) ? source.name() : "backup";
		Backup backup = this.backups.create(caller, label, List.of(source.name()), null,
				parameters.isEmpty() ? null : parameters);
		this.steps.begin(backup.getId(), source.name(), mirror ? 2 : 1);
		return new Started(backup.getId(), "");
	}

	private Started restore(Caller caller, MirroredSourceComponent source, Map<String, String> given) {
		Map<String, String> parameters = checked("restore", given,
				Set.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, S3_BUCKET, SKIP_UNSUPPORTED_SETTINGS),
				Set.of(PlanService.SNAPSHOT_NAME));
		String bucket = parameters.remove(S3_BUCKET);
		if (bucket == null || !BUCKET.matcher(bucket).matches()) {
			throw new InvalidRequestException("Parameter " + S3_BUCKET + " "
					+ ((bucket != null) ? "'" + Ids.printable(bucket) + "' is not a bucket name" : "is missing")
					+ ": name the one bucket to restore (3 to 63 lower-case letters, digits, '.' and '-'), as MinIO "
					+ "names it or as its mirror does (" + source.mirrorPrefix() + "<bucket>), e.g. " + S3_BUCKET
					+ "=photos");
		}
		StoredBackup backup = this.catalogue.latestReady(source.name())
			.orElseThrow(() -> PlanException.conflict("restore",
					"Component " + source.name() + " has no READY backup to restore from: run the backup plan first "
							+ "(POST /v1/plans/backup/start), or restore an older backup with POST /api/v1/backups/"
							+ "<id>/restores"));
		// the mirror's name of a bucket, as the MinIO service's restore took it, is
		// mapped back to the source's
		String sourceBucket = (bucket.startsWith(source.mirrorPrefix())
				&& bucket.length() > source.mirrorPrefix().length()) ? bucket.substring(source.mirrorPrefix().length())
						: bucket;
		parameters.put(BUCKETS, sourceBucket);
		Restore restore = this.restores.create(caller, backup.id(), new ArrayList<>(List.of(source.name())), null, null,
				parameters);
		return new Started(restore.getId(), sourceBucket);
	}

	// The plan's parameters: those of the component it takes and the storage location's
	// (which the backup or restore checks); other parameters of components are refused
	private Map<String, String> checked(String plan, Map<String, String> given, Set<String> taken,
			Set<String> refused) {
		Set<String> wrong = new TreeSet<>();
		for (String name : given.keySet()) {
			if (refused.contains(name) || (!taken.contains(name) && this.sources.parameterNames().contains(name))) {
				wrong.add(name);
			}
		}
		if (!wrong.isEmpty()) {
			throw new InvalidRequestException("Plan " + plan + " of a buckets component does not take " + wrong
					+ ": it takes " + new TreeSet<>(taken) + ", " + PlanService.COMPONENT
					+ " and the storage location's per-request parameters (e.g. AWS_ACCESS_KEY_ID, "
					+ "AWS_SECRET_ACCESS_KEY)");
		}
		return new LinkedHashMap<>(given);
	}

	/**
	 * A plan's status.
	 * @param plan {@code backup} or {@code restore}
	 * @param source the component, or {@code null} if no longer configured
	 * @param component its name
	 * @param run its latest run, or {@code null}
	 * @param state that run's state
	 * @param paused whether the run's next steps wait
	 * @return the plan and its HTTP status
	 */
	PlanService.View view(String plan, MirroredSourceComponent source, String component, PlanRuns.PlanRun run,
			PlanService.RunState state, boolean paused) {
		String key = (run != null) ? run.runId() : plan;
		List<PlanInfo.StepInfo> stepInfos = new ArrayList<>();
		String stepError = null;
		if (plan.equals("backup")) {
			List<NodeSteps.NodeStep> rows = (run != null)
					? this.steps.of(run.runId()).stream().filter((s) -> s.component().equals(component)).toList()
					: List.of();
			boolean mirror = (run != null) ? rows.stream().anyMatch((r) -> r.node() == NodeSteps.MIRROR_STEP)
					: source != null && source.mirrorConfigured();
			List<String> names = mirror ? List.of(BACKUP_STEP, MIRROR_STEP) : List.of(BACKUP_STEP);
			for (int node = 0; node < names.size(); node++) {
				int index = node;
				NodeSteps.NodeStep row = rows.stream().filter((r) -> r.node() == index).findFirst().orElse(null);
				String status = (row != null) ? row.status().name() : "PENDING";
				String message = (row != null && row.message() != null) ? row.message() : "";
				if (run != null && !state.running() && status.equals("STARTING")) {
					// the run ended (failed, or its replica died) while the step ran
					status = "ERROR";
					message = (state.errorReason() != null) ? state.errorReason() : message;
				}
				if (status.equals("ERROR") && stepError == null) {
					stepError = message;
				}
				stepInfos.add(new PlanInfo.StepInfo(id(key + "/" + component + "/" + names.get(node)), status,
						names.get(node), message));
			}
		}
		else {
			String bucket = (run != null && !run.snapshotName().isEmpty()) ? run.snapshotName() : null;
			String name = "restore-bucket" + ((bucket != null) ? ":[" + bucket + "]" : "");
			String status;
			String message = "";
			if (run == null) {
				status = "PENDING";
			}
			else if (state.running()) {
				status = "STARTING";
				message = "restoring bucket " + bucket;
			}
			else if (state.failed()) {
				status = "ERROR";
				message = (state.errorReason() != null) ? state.errorReason() : "";
			}
			else {
				status = "COMPLETE";
				message = "restored bucket " + bucket;
			}
			stepInfos.add(new PlanInfo.StepInfo(id(key + "/" + component + "/" + name), status, name, message));
		}
		String planStatus;
		List<String> errors = List.of();
		if (run == null) {
			planStatus = "PENDING";
		}
		else if (state.running()) {
			planStatus = paused ? "WAITING" : "IN_PROGRESS";
		}
		else if (state.failed() || stepError != null) {
			planStatus = "ERROR";
			String error = (state.failed() && state.errorReason() != null) ? state.errorReason() : stepError;
			errors = List.of((error != null) ? error : "the run failed");
		}
		else {
			planStatus = "COMPLETE";
		}
		String verb = plan;
		PlanInfo.PhaseInfo phase = new PlanInfo.PhaseInfo(id(key + "/" + component + "/" + verb), verb, stepInfos,
				"serial", planStatus);
		PlanInfo info = new PlanInfo(List.of(phase), "serial", errors, planStatus);
		int status = switch (planStatus) {
			case "COMPLETE" -> 200;
			case "ERROR" -> 417;
			default -> 202;
		};
		return new PlanService.View(info, status);
	}

	private static String id(String name) {
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * A started plan.
	 *
	 * @param runId the backup's or restore's id
	 * @param detail what {@code plan_run.snapshot_name} records: the restored bucket, or
	 * empty
	 */
	record Started(String runId, String detail) {
	}

}
