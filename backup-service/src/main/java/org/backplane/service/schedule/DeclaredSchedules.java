package org.backplane.service.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.backplane.service.config.BackplaneProperties;
import org.backplane.service.config.UnknownKeysBindHandler;
import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.Ids;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The schedules declared as {@code backplane.schedules.<name>.*}: bound (unknown keys
 * fail start-up), checked (a bad cron, zone, component or rule fails start-up naming the
 * key) and written to the catalogue before the job runner starts.
 */
@Component
class DeclaredSchedules implements SmartInitializingSingleton {

	private final Map<String, Schedule.Definition> declared;

	private final ScheduleService schedules;

	DeclaredSchedules(Environment environment, BackplaneProperties properties, ScheduleService schedules) {
		this.schedules = schedules;
		Binder binder = Binder.get(environment);
		Map<String, Schedule.Definition> definitions = new LinkedHashMap<>();
		Set<String> names = new TreeSet<>(properties.schedules().keySet());
		for (String name : names) {
			definitions.put(name, bind(binder, name));
		}
		this.declared = definitions;
	}

	private Schedule.Definition bind(Binder binder, String name) {
		String prefix = "backplane.schedules." + name;
		ScheduleDefinition bound;
		try {
			bound = binder
				.bind(ConfigurationPropertyName.of(prefix), Bindable.of(ScheduleDefinition.class),
						new UnknownKeysBindHandler(
								new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler())))
				.orElseThrow(() -> new IllegalStateException("Nothing bound for " + prefix));
		}
		catch (BindException ex) {
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			throw new IllegalStateException(
					"Invalid configuration of schedule '" + name + "' (" + prefix + ".*): " + root.getMessage(), ex);
		}
		try {
			if (!Ids.isValidLabel(name)) {
				throw new IllegalStateException("Invalid schedule name '" + name + "' in " + prefix
						+ ": it is also its backups' label, so use 3-25 characters, letters, digits, '_', '.' or '-'");
			}
			return this.schedules.definition(bound.cron(), bound.zone(), bound.components(), bound.storageLocation(),
					KeepRules.of(bound.retention()), Boolean.TRUE.equals(bound.paused()));
		}
		catch (BackplaneException ex) {
			throw new IllegalStateException(
					"Invalid configuration of schedule '" + name + "' (" + prefix + ".*): " + ex.getMessage(), ex);
		}
	}

	/**
	 * @return the declared schedules by name, checked
	 */
	Map<String, Schedule.Definition> definitions() {
		return this.declared;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.schedules.applyConfiguration(this.declared);
	}

}
