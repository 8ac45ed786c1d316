package org.backplane.service.api.dcos;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosBackupInfoResponse;
import org.backplane.client.dcos.DcosBackupList;
import org.backplane.client.dcos.DcosCreateRequest;
import org.backplane.client.dcos.DcosIdRequest;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.service.api.WireMapper;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupService;
import org.backplane.service.backup.BackupView;
import org.backplane.service.restore.Restore;
import org.backplane.service.restore.RestoreService;
import org.backplane.service.restore.RestoreView;
import org.backplane.service.support.Caller;
import org.backplane.service.support.InvalidRequestException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
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

	private static final Log logger = LogFactory.getLog(DcosController.class);

	private static final int PAGE = BackupService.MAX_PAGE;

	private final BackupService backups;

	private final RestoreService restores;

	private final ObjectWriter writer;

	DcosController(BackupService backups, RestoreService restores, JsonMapper json) {
		this.backups = backups;
		this.restores = restores;
		// one write per element into a buffered body: no flush to the socket per element,
		// and nothing closed behind the controller's back (an interrupted list must stay
		// unterminated)
		this.writer = json.writer()
			.without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
			.without(StreamWriteFeature.AUTO_CLOSE_CONTENT)
			.without(StreamWriteFeature.AUTO_CLOSE_TARGET);
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
	// streamed (docs/api.md, "Streaming"); the description stays that of the list it
	// writes
	@Operation(summary = "List backups, newest first; the body is {} when there are none")
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = DcosBackupList.class)))
	void list(@RequestParam(required = false) String prefix, HttpServletResponse response) throws IOException {
		// the first page is read before anything is written: a failure here is an
		// ordinary {"errors": [...]} answer
		BackupService.Page page = this.backups.list(prefix, null, PAGE, null);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		OutputStream out = response.getOutputStream();
		if (page.items().isEmpty()) {
			this.writer.writeValue(out, new DcosBackupList(null));
			return;
		}
		try {
			JsonGenerator generator = this.writer.createGenerator(out);
			generator.writeStartObject();
			generator.writeName("backup_info");
			generator.writeStartArray();
			while (true) {
				Map<String, List<RestoreView>> restoresByBackup = this.restores
					.summariesFor(page.items().stream().map(BackupView::id).toList());
				for (BackupView backup : page.items()) {
					this.writer.writeValue(generator,
							WireMapper.toDcos(backup, restoresByBackup.getOrDefault(backup.id(), List.of())));
				}
				if (page.nextCursor() == null) {
					break;
				}
				page = this.backups.list(prefix, null, PAGE, page.nextCursor());
			}
			generator.writeEndArray();
			generator.writeEndObject();
			generator.close();
		}
		catch (JacksonIOException ex) {
			// the client went away (or its connection broke): nothing more can be sent
			logger.debug("Listing not sent to its end: " + ex.getMessage());
			return;
		}
		catch (RuntimeException ex) {
			// neither the generator (which would close the open array and object) nor the
			// response is closed: the body stays unterminated JSON and the connection is
			// cut (ListInterruptedException)
			throw new ListInterruptedException(ex);
		}
	}

	/**
	 * A failure after the list's first bytes were sent: the status (200) and part of the
	 * body are gone, so no error body can be written. Handled here, before the
	 * application's error advice could append an error object to the partial body: thrown
	 * on, it reaches the servlet container, which closes the connection without ending
	 * the chunked body. The client sees a transfer error, never a complete body
	 * (docs/api.md, "Streaming").
	 * @param ex the failure
	 * @throws ListInterruptedException always
	 */
	@ExceptionHandler(ListInterruptedException.class)
	void listInterrupted(ListInterruptedException ex) {
		// the container logs the exception with its stack trace
		logger.error("Listing interrupted after part of the body was sent; the connection is closed: "
				+ ex.getCause().getMessage());
		throw ex;
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
