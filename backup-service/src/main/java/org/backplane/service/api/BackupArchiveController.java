package org.backplane.service.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.VerifyBackupRequest;
import org.backplane.service.backup.Backup;
import org.backplane.service.backup.BackupArchives;
import org.backplane.service.backup.BackupVerifications;
import org.backplane.service.support.Caller;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
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
 * A backup as one file ({@code /archive}, {@code /import}) and verifying a stored backup
 * ({@code /verifications}).
 */
@RestController
@Tag(name = "backups")
class BackupArchiveController {

	/** The media type of a backup archive. */
	static final String TAR = "application/x-tar";

	private final BackupArchives archives;

	private final BackupVerifications verifications;

	BackupArchiveController(BackupArchives archives, BackupVerifications verifications) {
		this.archives = archives;
		this.verifications = verifications;
	}

	@GetMapping(path = "/api/v1/backups/{id}/archive", produces = { TAR, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Download a backup as one tar file",
			description = "Streams backup.json (the manifest) first, then every component's artifact, each SHA-256 "
					+ "checked while it streams (a damaged artifact ends the download with an error). The backup must "
					+ "be STATUS_READY (or being restored). Needs the admin role: the archive is the backed-up data.",
			responses = @ApiResponse(responseCode = "200", description = "The tar",
					content = @Content(mediaType = TAR, schema = @Schema(type = "string", format = "binary"))))
	void archive(@PathVariable String id, Caller caller, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (HttpMethod.HEAD.matches(request.getMethod())) {
			// answered from the catalogue: writing the archive only to drop it would read
			// every artifact from storage
			this.archives.checkDownload(caller, id);
			archiveHeaders(id, response);
			return;
		}
		BackupArchives.Download download = this.archives.download(caller, id);
		archiveHeaders(id, response);
		// written on the request's thread (no async timeout cuts a long download)
		OutputStream out = response.getOutputStream();
		download.writeTo(out);
		out.flush();
	}

	private static void archiveHeaders(String id, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(TAR);
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(id + ".tar").build().toString());
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping(path = "/api/v1/backups/import", consumes = TAR, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Upload a backup archive",
			description = "Takes a tar written by GET /api/v1/backups/{id}/archive (streamed, up to "
					+ "backplane.archive.max-upload-size): its manifest is checked, each artifact is stored while its "
					+ "size and SHA-256 are checked against the manifest, the manifest is stored last, and only then "
					+ "is the backup entered STATUS_READY (201). 409 when the catalogue or the storage location "
					+ "already has the backup's id; 400 for a truncated, damaged or foreign file, leaving nothing "
					+ "behind. Needs the admin role.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = TAR, schema = @Schema(type = "string", format = "binary"))))
	ResponseEntity<BackupResponse> upload(@RequestParam(required = false) String storageLocation, Caller caller,
			HttpServletRequest request) throws IOException {
		Backup backup = this.archives.upload(caller, storageLocation, request.getInputStream());
		return ResponseEntity.created(URI.create("/api/v1/backups/" + backup.getId()))
			.body(WireMapper.toResponse(backup, List.of()));
	}

	@ResponseStatus(HttpStatus.ACCEPTED)
	@PostMapping(path = "/api/v1/backups/{id}/verifications", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Verify a stored backup",
			description = "depth size: the manifest is read and matches the catalogue, every artifact is on storage "
					+ "with its recorded size; depth full (the default): also every artifact read and its SHA-256 "
					+ "checked. Queued: 202 with the backup, its verification RUNNING; the outcome (at, depth, "
					+ "status, detail) appears on the backup, and a failure marks it verifyFailed (nothing is "
					+ "deleted). 409 while another verification of it is queued or running, or unless it is "
					+ "STATUS_READY. Needs the operator role.")
	ResponseEntity<BackupResponse> verify(@PathVariable String id,
			@RequestBody(required = false) VerifyBackupRequest request, Caller caller) {
		Backup backup = this.verifications.request(caller, id, (request != null) ? request.depth() : null);
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/backups/" + id))
			.body(WireMapper.toResponse(backup, List.of()));
	}

}
