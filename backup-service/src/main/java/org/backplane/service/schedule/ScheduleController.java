package org.backplane.service.schedule;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.RetentionReport;
import org.backplane.client.model.ScheduleRequest;
import org.backplane.client.model.ScheduleResponse;
import org.backplane.service.api.WireMapper;
import org.backplane.service.backup.Backup;
import org.backplane.service.support.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Schedules: {@code /api/v1/schedules}.
 */
@RestController
@RequestMapping(path = "/api/v1/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "schedules", description = "Back up on a cron schedule and prune old backups by retention rules")
class ScheduleController {

	private final ScheduleService schedules;

	ScheduleController(ScheduleService schedules) {
		this.schedules = schedules;
	}

	@GetMapping
	@Operation(summary = "List schedules, by name")
	List<ScheduleResponse> list() {
		return this.schedules.list().stream().map(this.schedules::view).toList();
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a schedule",
			description = "cron is Spring's six fields (second minute hour day-of-month month day-of-week) read in "
					+ "zone (default UTC). Each tick starts a backup labelled with the schedule's name; a tick that "
					+ "finds the previous run still going is skipped. 409 when the name is taken. Needs the admin role.")
	ResponseEntity<ScheduleResponse> create(@RequestBody ScheduleRequest request, Caller caller) {
		Schedule schedule = this.schedules.create(caller, request);
		return ResponseEntity.created(URI.create("/api/v1/schedules/" + schedule.getName()))
			.body(this.schedules.view(schedule));
	}

	@GetMapping("/{name}")
	@Operation(summary = "Read a schedule",
			description = "Its definition, next tick, last run and its outcome, skipped ticks.")
	ScheduleResponse get(@PathVariable String name) {
		return this.schedules.view(this.schedules.get(name));
	}

	@PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Replace a schedule's definition",
			description = "409 for a schedule declared in configuration (read-only through the API). Needs the "
					+ "admin role.")
	ScheduleResponse update(@PathVariable String name, @RequestBody ScheduleRequest request, Caller caller) {
		return this.schedules.view(this.schedules.update(caller, name, request));
	}

	@DeleteMapping("/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a schedule",
			description = "Its backups stay. 409 for a schedule declared in configuration. Needs the admin role.")
	void delete(@PathVariable String name, Caller caller) {
		this.schedules.delete(caller, name);
	}

	@ResponseStatus(HttpStatus.ACCEPTED)
	@PostMapping("/{name}/run")
	@Operation(summary = "Run a schedule now",
			description = "Starts its backup now (202 with the backup); its next tick is unchanged. 409 while its "
					+ "previous run is still going. Needs the operator role, as starting any backup does.")
	ResponseEntity<BackupResponse> run(@PathVariable String name, Caller caller) {
		Backup backup = this.schedules.runNow(caller, name);
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/backups/" + backup.getId()))
			.body(WireMapper.toResponse(backup, List.of()));
	}

	@PostMapping("/{name}/pause")
	@Operation(summary = "Pause a schedule",
			description = "Its ticks start nothing until it is resumed. 409 for a schedule declared in "
					+ "configuration. Needs the admin role.")
	ScheduleResponse pause(@PathVariable String name, Caller caller) {
		return this.schedules.view(this.schedules.pause(caller, name));
	}

	@PostMapping("/{name}/resume")
	@Operation(summary = "Resume a schedule",
			description = "From its next tick after now (missed ticks are not made up). Needs the admin role.")
	ScheduleResponse resume(@PathVariable String name, Caller caller) {
		return this.schedules.view(this.schedules.resume(caller, name));
	}

	@GetMapping("/{name}/retention-preview")
	@Operation(summary = "Preview a schedule's retention",
			description = "Which of its backups its rules keep (and which rules or guards keep each) and delete, "
					+ "now. Deletes nothing. 400 when the schedule has no rules.")
	RetentionReport retentionPreview(@PathVariable String name) {
		return this.schedules.preview(name);
	}

}
