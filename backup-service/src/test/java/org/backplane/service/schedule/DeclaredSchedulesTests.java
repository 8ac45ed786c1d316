package org.backplane.service.schedule;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.backplane.service.config.BackplaneProperties;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Schedules declared in configuration: bound with their retention rules, and a misspelt
 * key or a bad cron fails start-up naming the key.
 */
class DeclaredSchedulesTests {

	@Test
	void bindsADeclaredScheduleWithItsRules() {
		DeclaredSchedules declared = declared(Map.of("backplane.schedules.nightly.cron", "0 0 3 * * *",
				"backplane.schedules.nightly.zone", "Europe/Paris", "backplane.schedules.nightly.paused", "true",
				"backplane.schedules.nightly.retention.keep-daily", "7",
				"backplane.schedules.nightly.retention.keep-within", "2y"));
		Schedule.Definition definition = declared.definitions().get("nightly");
		assertThat(definition.timing().cron()).isEqualTo("0 0 3 * * *");
		assertThat(definition.timing().zone().getId()).isEqualTo("Europe/Paris");
		assertThat(definition.paused()).isTrue();
		assertThat(definition.rules()).isEqualTo(new KeepRules(0, 0, 7, 0, 0, 0, KeepWithin.parse("2y")));
	}

	@Test
	void aMisspeltKeyFailsStartUpNamingTheNearestValidKey() {
		assertThatIllegalStateException()
			.isThrownBy(() -> declared(Map.of("backplane.schedules.nightly.crn", "0 0 3 * * *")))
			.withMessageContaining("backplane.schedules.nightly.crn")
			.withMessageContaining("did you mean backplane.schedules.nightly.cron?");
		assertThatIllegalStateException()
			.isThrownBy(() -> declared(Map.of("backplane.schedules.nightly.cron", "0 0 3 * * *",
					"backplane.schedules.nightly.retention.keep-dayly", "7")))
			.withMessageContaining("did you mean backplane.schedules.nightly.retention.keep-daily?");
	}

	@Test
	void aBadCronOrNameFailsStartUpNamingTheKey() {
		assertThatIllegalStateException()
			.isThrownBy(() -> declared(Map.of("backplane.schedules.nightly.cron", "0 3 * * *")))
			.withMessageStartingWith(
					"Invalid configuration of schedule 'nightly' (backplane.schedules.nightly.*): Invalid cron");
		assertThatIllegalStateException()
			.isThrownBy(() -> declared(Map.of("backplane.schedules.x.cron", "0 0 3 * * *")))
			.withMessageContaining("Invalid schedule name 'x' in backplane.schedules.x");
	}

	private static DeclaredSchedules declared(Map<String, String> properties) {
		MockEnvironment environment = new MockEnvironment();
		properties.forEach(environment::setProperty);
		Map<String, Object> names = new TreeMap<>();
		properties.keySet().forEach((key) -> names.put(key.split("\\.")[2], Map.of()));
		BackplaneProperties backplane = new BackplaneProperties(Path.of("/tmp/declared"), null, null, Map.of(), null,
				Map.of(), null, null, null, names, Map.of());
		ScheduleService schedules = new ScheduleService(null, null, null, null, null, null, null, null, null,
				Clock.systemUTC());
		return new DeclaredSchedules(environment, backplane, schedules);
	}

}
