package org.backplane.service.storage;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code storage}: each configured location, its
 * redacted URI and whether it answers now. DOWN when the default location does not
 * answer; another location not answering shows in its details only.
 */
@Component("storage")
class StorageHealthIndicator extends AbstractHealthIndicator {

	private final StorageLocations locations;

	StorageHealthIndicator(StorageLocations locations) {
		super("Storage health check failed");
		this.locations = locations;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean defaultReachable = true;
		for (StorageLocation location : this.locations.all()) {
			StorageLocations.Probe probe = this.locations.probe(location.name());
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("uri", location.redactedUri());
			details.put("reachable", probe.reachable());
			if (probe.error() != null) {
				details.put("error", probe.error());
			}
			builder.withDetail(location.name(), details);
			if (location.name().equals(this.locations.defaultName()) && !probe.reachable()) {
				defaultReachable = false;
			}
		}
		if (defaultReachable) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}
