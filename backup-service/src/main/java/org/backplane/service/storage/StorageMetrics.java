package org.backplane.service.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.support.CatalogueGauges;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * {@code backplane_storage_reachable} {location}: 1 when the location answered its last
 * probe ({@link StorageLocations#probe}), 0 when not; probed every
 * {@code backplane.metrics.refresh-interval} on its own thread, never on a scrape.
 */
@Component
class StorageMetrics implements DisposableBean {

	private final CatalogueGauges reachable;

	StorageMetrics(MeterRegistry registry, StorageLocations locations, BackplaneProperties properties) {
		this.reachable = new CatalogueGauges(registry, "backplane.storage.reachable",
				"1 when the storage location answered its last probe, 0 when not", null,
				() -> locations.all()
					.stream()
					.map((location) -> new CatalogueGauges.Value(Tags.of("location", location.name()),
							locations.probe(location.name()).reachable() ? 1 : 0))
					.toList())
			.start(properties.metrics().refreshInterval());
	}

	@Override
	public void destroy() {
		this.reachable.close();
	}

}
