package org.backplane.service.api.dcos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosBackupInfoResponse;
import org.backplane.client.dcos.DcosBackupList;
import org.backplane.client.dcos.DcosCreateRequest;
import org.backplane.client.dcos.DcosIdRequest;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.service.api.WireMapper;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupService;
import org.backplane.service.restore.Restore;
import org.backplane.service.restore.RestoreService;
import org.backplane.service.support.Caller;
import org.backplane.service.support.InvalidRequestException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * DC/OS's backup API, wire-compatible: {@code create}, {@code list}, {@code restore},
 * {@code delete}. Errors are {@code {"errors": ["..."]}} (see
 * {@code ProblemDetailsAdvice}).
 */
@RestController
@RequestMapping(path = { "/v1", "/system/v1/backup/v1" }, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "dcos", description = "DC/OS wire-compatible backup API (also under /system/v1/backup/v1)")
class DcosController {

	private static final int PAGE = BackupService.MAX_PAGE;

	private final BackupService backups;

	private final RestoreService restores;

	DcosController(BackupService backups, RestoreService restores) {
		this.backups = backups;
		this.restores = restores;
	}

	@PostMapping(path = "/create", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a backup of every configured component", description = "Needs the operator role.")
	DcosBackupInfoResponse<DcosBackupInfo> create(@RequestBody DcosCreateRequest request, Caller caller) {
		if (request == null) {
			throw new InvalidRequestException("The body must be a JSON object with a label");
		}
		Backup backup = this.backups.create(caller, request.label(), null, null, request.parameters());
		return new DcosBackupInfoResponse<>(WireMapper.toDcos(backup, List.of()));
	}

	@GetMapping("/list")
	@Operation(summary = "List backups, newest first; the body is {} when there are none")
	DcosBackupList list(@RequestParam(required = false) String prefix) {
		List<Backup> all = new ArrayList<>();
		String cursor = null;
		do {
			BackupService.Page page = this.backups.list(prefix, null, PAGE, cursor);
			all.addAll(page.items());
			cursor = page.nextCursor();
		}
		while (cursor != null);
		if (all.isEmpty()) {
			return new DcosBackupList(null);
		}
		Map<String, List<Restore>> restoresByBackup = this.restores.listFor(all.stream().map(Backup::getId).toList())
			.stream()
			.collect(Collectors.groupingBy(Restore::getBackupId));
		return new DcosBackupList(all.stream()
			.map((b) -> WireMapper.toDcos(b, restoresByBackup.getOrDefault(b.getId(), List.of())))
			.toList());
	}

	@PostMapping(path = "/restore", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Restore a backup, each component under its configured restore policy",
			description = "Needs the operator role; admin when a component's configured policy is overwrite.")
	DcosBackupInfoResponse<DcosRestoreInfo> restore(@RequestBody DcosIdRequest request, Caller caller) {
		String id = requireId(request);
		Restore restore = this.restores.create(caller, id, null, null, null, request.parameters());
		return new DcosBackupInfoResponse<>(WireMapper.toDcos(restore));
	}

	@DeleteMapping(path = "/delete", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Delete a backup; 400 when the id is not a backup's (for example a restore id)",
			description = "Needs the admin role.")
	Map<String, Object> delete(@RequestBody DcosIdRequest request, Caller caller) {
		String id = requireId(request);
		this.backups.delete(caller, id, request.parameters());
		return Map.of();
	}

	private static String requireId(DcosIdRequest request) {
		if (request == null || request.id() == null || request.id().isEmpty()) {
			throw new InvalidRequestException(
					"The body must be a JSON object with the id of a backup: {\"id\": \"...\"}");
		}
		return request.id();
	}

}
