package org.backplane.service.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.model.BackupPage;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.DeleteBackupRequest;
import org.backplane.client.model.PatchBackupRequest;
import org.backplane.client.model.RestoreResponse;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupService;
import org.backplane.service.backup.BackupStatus;
import org.backplane.service.backup.BackupView;
import org.backplane.service.restore.Restore;
import org.backplane.service.restore.RestoreService;
import org.backplane.service.restore.RestoreView;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Ids;
import org.backplane.service.support.InvalidRequestException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backups and their restores: {@code /api/v1/backups}.
 */
@RestController
@RequestMapping(path = "/api/v1/backups", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "backups", description = "Back up components, list, inspect and delete backups, and restore them")
class BackupController {

	private final BackupService backups;

	private final RestoreService restores;

	BackupController(BackupService backups, RestoreService restores) {
		this.backups = backups;
		this.restores = restores;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Start a backup",
			description = "Saves the backup STATUS_BACKING_UP and queues it; 202 with "
					+ "Location. 409 when a component is busy with another backup or restore. Needs the operator role; "
					+ "per-request placement parameters need admin.")
	ResponseEntity<BackupResponse> create(@RequestBody CreateBackupRequest request, Caller caller) {
		if (request == null) {
			throw new InvalidRequestException("The body must be a JSON object with at least a label");
		}
		Backup backup = this.backups.create(caller, request.label(), request.components(), request.storageLocation(),
				request.parameters());
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/backups/" + backup.getId()))
			.body(WireMapper.toResponse(backup, List.of()));
	}

	@GetMapping
	@Operation(summary = "List backups, newest first",
			description = "Keyset pagination: pass nextCursor as cursor to get the next page.")
	BackupPage list(@RequestParam(required = false) String prefix, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String cursor) {
		BackupService.Page page = this.backups.list(prefix, parseStatus(status), limit, cursor);
		Map<String, List<RestoreView>> restoresByBackup = this.restores
			.summariesFor(page.items().stream().map(BackupView::id).toList());
		List<BackupResponse> items = new ArrayList<>(page.items().size());
		for (BackupView backup : page.items()) {
			items.add(WireMapper.toResponse(backup, restoresByBackup.getOrDefault(backup.id(), List.of())));
		}
		return new BackupPage(items, page.nextCursor());
	}

	private static BackupStatus parseStatus(String status) {
		if (status == null || status.isEmpty()) {
			return null;
		}
		try {
			return BackupStatus.valueOf(status);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("Unknown status '" + Ids.printable(status) + "': use one of "
					+ Arrays.toString(BackupStatus.values()));
		}
	}

	@GetMapping("/{id}")
	@Operation(summary = "Read a backup", description = "Component statuses, progress, sizes, SHA-256 per artifact, "
			+ "timestamps, error reason and restores.")
	BackupResponse get(@PathVariable String id) {
		Backup backup = this.backups.get(id);
		return WireMapper.toResponse(BackupView.of(backup),
				this.restores.summariesFor(List.of(id)).getOrDefault(id, List.of()));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a backup",
			description = "Removes its artifacts, then its record. 409 while it is being written or restored, or "
					+ "pinned. 503 if storage fails: before anything was deleted the backup is kept as it was; after "
					+ "its manifest went it stays STATUS_ERROR (\"Deletion failed, retried later\") and the service "
					+ "retries the deletion. The optional body carries per-request credentials for the backup's "
					+ "storage location, as on create and restore, used for this delete only. Needs the admin role.")
	void delete(@PathVariable String id, @RequestBody(required = false) DeleteBackupRequest request, Caller caller) {
		this.backups.delete(caller, id, (request != null) ? request.parameters() : null);
	}

	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Pin or unpin a backup",
			description = "{\"pinned\": true} pins the backup: neither retention nor a delete removes it until it is "
					+ "unpinned with {\"pinned\": false}. Needs the admin role.")
	BackupResponse patch(@PathVariable String id, @RequestBody PatchBackupRequest request, Caller caller) {
		if (request == null || request.pinned() == null) {
			throw new InvalidRequestException("The body must be a JSON object with pinned: true or false");
		}
		Backup backup = this.backups.pin(caller, id, request.pinned());
		return WireMapper.toResponse(backup, this.restores.listFor(id));
	}

	@PostMapping(path = "/{id}/restores", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Start a restore",
			description = "The backup must be STATUS_READY. policy is "
					+ "fail-if-exists or overwrite; when absent each component's configured policy applies. Needs the "
					+ "operator role; an overwrite (asked for, or a component's configured policy), a targetPath or "
					+ "per-request placement parameters need admin.")
	ResponseEntity<RestoreResponse> restore(@PathVariable String id,
			@RequestBody(required = false) CreateRestoreRequest request, Caller caller) {
		CreateRestoreRequest body = (request != null) ? request : new CreateRestoreRequest(null, null, null, null);
		Restore restore = this.restores.create(caller, id, body.components(), body.policy(), body.targetPath(),
				body.parameters());
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/backups/" + id + "/restores/" + restore.getId()))
			.body(WireMapper.toResponse(restore));
	}

	@GetMapping("/{id}/restores")
	@Operation(summary = "List a backup's restores, newest first")
	List<RestoreResponse> restores(@PathVariable String id) {
		this.backups.get(id);
		return this.restores.listFor(id).stream().map(WireMapper::toResponse).toList();
	}

	@GetMapping("/{id}/restores/{restoreId}")
	@Operation(summary = "Read a restore")
	RestoreResponse getRestore(@PathVariable String id, @PathVariable String restoreId) {
		return WireMapper.toResponse(this.restores.get(id, restoreId));
	}

}
