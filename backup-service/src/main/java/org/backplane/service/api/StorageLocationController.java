package org.backplane.service.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.model.StorageLocationInfo;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The configured storage locations: {@code /api/v1/storage-locations}.
 */
@RestController
@Tag(name = "storage-locations", description = "Where backups are stored")
class StorageLocationController {

	private final StorageLocations locations;

	StorageLocationController(StorageLocations locations) {
		this.locations = locations;
	}

	@GetMapping(path = "/api/v1/storage-locations", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List storage locations",
			description = "URIs with secrets redacted, and whether each " + "answered a probe just now.")
	List<StorageLocationInfo> list() {
		return this.locations.all().stream().map(this::probe).toList();
	}

	private StorageLocationInfo probe(StorageLocation location) {
		StorageLocations.Probe probe = this.locations.probe(location.name());
		return new StorageLocationInfo(location.name(), location.redactedUri(),
				location.name().equals(this.locations.defaultName()), probe.reachable(), probe.error());
	}

}
