package org.backplane.service.mirror;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.model.MirrorRequest;
import org.backplane.client.model.MirrorRunResponse;
import org.backplane.client.model.MirrorRunStatus;
import org.backplane.client.model.Progress;
import org.backplane.service.support.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mirror runs of components that have a mirror ({@code buckets} with a
 * {@code mirror-location}): {@code POST /api/v1/components/{name}/mirror} queues one and
 * answers 202 with its Location; {@code GET
 * /api/v1/components/{name}/mirror-runs/{runId}} reads it, {@code GET
 * /api/v1/components/{name}/mirror-runs} lists the latest. Per-request parameters are
 * sealed for the job and never shown.
 */
@RestController
@Tag(name = "components", description = "What can be backed up")
class MirrorRunController {

	private final MirrorRuns runs;

	MirrorRunController(MirrorRuns runs) {
		this.runs = runs;
	}

	@PostMapping(path = "/api/v1/components/{name}/mirror", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Start a mirror run of a component",
			description = "Queues a run that copies each selected source bucket into <mirror-prefix><bucket> at the "
					+ "component's mirror-location as plain objects, only what changed (SHA-256 in the objects' "
					+ "metadata), then deletes the mirror's objects and buckets whose source is gone. Answers 202 "
					+ "STATUS_MIRRORING with the run's Location; poll it until STATUS_READY (with the counters) or "
					+ "STATUS_ERROR (with the reason). The run holds the component's lock: 409 while a backup, "
					+ "restore or another mirror run of the component runs. Operator role.")
	ResponseEntity<MirrorRunResponse> mirror(@PathVariable String name,
			@RequestBody(required = false) MirrorRequest request, Caller caller) {
		MirrorRun run = this.runs.start(caller, name, (request != null) ? request.parameters() : null);
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/components/" + name + "/mirror-runs/" + run.getId()))
			.body(toWire(run));
	}

	@GetMapping(path = "/api/v1/components/{name}/mirror-runs", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List a component's latest mirror runs",
			description = "Newest first, at most limit of them (default 20, 1 to 100), as GET of one run answers "
					+ "each: status, progress, reason, counters; the mirrors that backups ran (MIRROR=true, the "
					+ "backup plan) too, with their backupId. Viewer role.")
	List<MirrorRunResponse> list(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
		return this.runs.list(name, limit).stream().map(MirrorRunController::toWire).toList();
	}

	@GetMapping(path = "/api/v1/components/{name}/mirror-runs/{runId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Read a mirror run",
			description = "The run's status, progress (objects and bytes looked at), the reason if it failed, and "
					+ "once STATUS_READY what it did: buckets mirrored, objects, copied, copied bytes, unchanged, "
					+ "objects and buckets deleted. A run whose runner stopped ends STATUS_ERROR 'interrupted…' "
					+ "and is not run again: start a new one. Viewer role.")
	MirrorRunResponse get(@PathVariable String name, @PathVariable String runId) {
		return toWire(this.runs.get(name, runId));
	}

	private static MirrorRunResponse toWire(MirrorRun run) {
		org.backplane.service.job.Progress progress = run.getProgress();
		return new MirrorRunResponse(run.getId(), run.getComponent(), MirrorRunStatus.valueOf(run.getStatus().name()),
				run.getCreatedAt(), run.getCreatedBy(), run.getUpdatedAt(), run.getCompletedAt(), run.getErrorReason(),
				new Progress(progress.getItemsDone(), progress.getItemsTotal(), progress.getBytesDone(),
						progress.getBytesTotal()),
				run.getBuckets(), run.getObjects(), run.getCopied(), run.getCopiedBytes(), run.getUnchanged(),
				run.getDeletedObjects(), run.getDeletedBuckets(), run.getBackupId());
	}

}
