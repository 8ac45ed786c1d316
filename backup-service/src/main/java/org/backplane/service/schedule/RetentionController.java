package org.backplane.service.schedule;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.model.RetentionReport;
import org.backplane.client.model.RetentionRequest;
import org.backplane.service.support.Caller;
import org.backplane.service.support.InvalidRequestException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ad-hoc retention: {@code POST /api/v1/retention}.
 */
@RestController
@RequestMapping(path = "/api/v1/retention", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "schedules")
class RetentionController {

	private final RetentionService retention;

	RetentionController(RetentionService retention) {
		this.retention = retention;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Apply retention rules once",
			description = "To the backups whose label starts with prefix, each label on its own, with restic's "
					+ "semantics; never deletes the newest READY backup of a label, a pinned one or one in use. "
					+ "dryRun: true only reports. Needs the admin role, even for a dry run.")
	RetentionReport apply(@RequestBody RetentionRequest request, Caller caller) {
		if (request == null) {
			throw new InvalidRequestException("The body must be a JSON object with prefix and rules");
		}
		return this.retention.adHoc(caller, request.prefix(), KeepRules.of(request.rules()), request.zone(),
				Boolean.TRUE.equals(request.dryRun()));
	}

}
