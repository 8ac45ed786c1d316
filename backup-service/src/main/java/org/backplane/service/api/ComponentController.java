package org.backplane.service.api;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.model.ComponentInfo;
import org.backplane.service.job.ComponentLocks;
import org.backplane.service.source.SourceComponentRegistry;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The configured source components: {@code /api/v1/components}.
 */
@RestController
@Tag(name = "components", description = "What can be backed up")
class ComponentController {

	private final SourceComponentRegistry sources;

	private final ComponentLocks locks;

	ComponentController(SourceComponentRegistry sources, ComponentLocks locks) {
		this.sources = sources;
		this.locks = locks;
	}

	@GetMapping(path = "/api/v1/components", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List the configured components", description = "With each one's type, description, "
			+ "default restore policy and the backup or restore using it now, if any.")
	List<ComponentInfo> list() {
		Map<String, String> holders = this.locks.holders();
		return this.sources.all()
			.stream()
			.map((c) -> new ComponentInfo(c.name(), c.type(), c.describe(), c.defaultRestorePolicy().value(),
					holders.get(c.name())))
			.toList();
	}

}
