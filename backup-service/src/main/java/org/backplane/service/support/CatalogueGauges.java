package org.backplane.service.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Gauges whose values come from somewhere costly to read (the catalogue, storage): read
 * every refresh interval on one daemon thread, never on a scrape. A series is registered
 * the first time its tags are seen and keeps its last value; a series that disappears
 * from a read shows {@code NaN} (Prometheus drops it). Values derived from the database
 * are the same on every replica.
 */
public final class CatalogueGauges implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(CatalogueGauges.class);

	private final MeterRegistry registry;

	private final String name;

	private final String description;

	private final String baseUnit;

	private final Supplier<List<Value>> reader;

	private final Map<Tags, Double> values = new ConcurrentHashMap<>();

	private ScheduledExecutorService refresher;

	/**
	 * Gauges of one name.
	 * @param registry where they are registered
	 * @param name the meter's name
	 * @param description its description
	 * @param baseUnit its base unit, or {@code null}
	 * @param reader reads every series' current value
	 */
	public CatalogueGauges(MeterRegistry registry, String name, String description, String baseUnit,
			Supplier<List<Value>> reader) {
		this.registry = registry;
		this.name = name;
		this.description = description;
		this.baseUnit = baseUnit;
		this.reader = reader;
	}

	/**
	 * Reads now, then every {@code interval} on a daemon thread until closed.
	 * @param interval the refresh interval
	 * @return this
	 */
	public CatalogueGauges start(Duration interval) {
		this.refresher = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "backplane-metrics-" + this.name);
			thread.setDaemon(true);
			return thread;
		});
		this.refresher.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
		return this;
	}

	/**
	 * Reads every series now.
	 */
	public void refresh() {
		List<Value> read;
		try {
			read = this.reader.get();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not refresh gauges: name=" + this.name + " reason=" + ex.getMessage());
			return;
		}
		Map<Tags, Double> seen = new ConcurrentHashMap<>();
		for (Value value : read) {
			seen.put(value.tags(), value.value());
		}
		for (Tags tags : this.values.keySet()) {
			if (!seen.containsKey(tags)) {
				this.values.put(tags, Double.NaN);
			}
		}
		seen.forEach((tags, value) -> {
			if (this.values.put(tags, value) == null) {
				Gauge.builder(this.name, this.values, (all) -> all.getOrDefault(tags, Double.NaN))
					.description(this.description)
					.baseUnit(this.baseUnit)
					.tags(tags)
					.strongReference(true)
					.register(this.registry);
			}
		});
	}

	@Override
	public void close() {
		if (this.refresher != null) {
			this.refresher.shutdownNow();
		}
	}

	/**
	 * One series' value.
	 *
	 * @param tags its tags
	 * @param value its value
	 */
	public record Value(Tags tags, double value) {
	}

}
