package org.backplane.service.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.model.StorageLocationInfo;
import org.backplane.client.model.StorageSyncResult;
import org.backplane.service.backup.CatalogueSync;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.support.Caller;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The configured storage locations: {@code /api/v1/storage-locations}.
 */
@RestController
@Tag(name = "storage-locations", description = "Where backups are stored")
class StorageLocationController {

	private final StorageLocations locations;

	private final CatalogueSync sync;

	StorageLocationController(StorageLocations locations, CatalogueSync sync) {
		this.locations = locations;
		this.sync = sync;
	}

	@PostMapping(path = "/api/v1/storage-locations/{name}/sync", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Sync the catalogue with a storage location",
			description = "Imports, as STATUS_READY, every backup whose valid manifest is on the location but not in "
					+ "the catalogue; marks STATUS_ERROR (reason \"missing on storage\", the record kept) every READY "
					+ "backup of the location whose manifest or artifacts vanished; answers the counts. Also runs at "
					+ "start-up and every backplane.storage.sync-interval. Needs the admin role.")
	StorageSyncResult sync(@PathVariable String name, Caller caller) {
		CatalogueSync.Result result = this.sync.sync(caller, name);
		return new StorageSyncResult(result.location(), result.imported(), result.missing(), result.unchanged(),
				result.invalid());
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
