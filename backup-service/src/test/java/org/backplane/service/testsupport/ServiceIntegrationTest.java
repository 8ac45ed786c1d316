package org.backplane.service.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Starts the whole service on a random port with its embedded default PostgreSQL (a real
 * server) and file storage under a per-JVM home, plus synthetic components
 * ({@link SyntheticSource}) named {@code alpha}, {@code beta}, {@code gamma},
 * {@code broken} (fails mid-stream), {@code slow} (blocks when told) and {@code full}
 * (holds data, so fail-if-exists refuses) and {@code guarded} (asks for a safety backup
 * before an overwrite), and a declared schedule {@code declared} (of {@code alpha}, once
 * a year). One shared Spring context for all classes using it. The statements it prepares
 * can be recorded ({@link RecordedStatements}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.alpha.type=synthetic", "backplane.components.alpha.items=20",
				"backplane.components.beta.type=synthetic", "backplane.components.beta.items=5",
				"backplane.components.beta.item-size=100000", "backplane.components.gamma.type=synthetic",
				"backplane.components.gamma.restore-policy=overwrite", "backplane.components.broken.type=synthetic",
				"backplane.components.broken.fail-after-items=3", "backplane.components.slow.type=synthetic",
				"backplane.components.slow.items=10", "backplane.components.full.type=synthetic",
				"backplane.components.full.holds-data=true", "backplane.components.guarded.type=synthetic",
				"backplane.components.guarded.safety-backup=true", "backplane.runner.polling-interval=200ms",
				"backplane.runner.heartbeat-interval=500ms", "backplane.runner.stale-after=5s",
				"backplane.runner.reaper-interval=1s", "backplane.schedules.declared.cron=0 0 3 1 1 *",
				"backplane.schedules.declared.components=alpha", "backplane.schedules.declared.retention.keep-last=2",
				"server.address=127.0.0.1" })
public @interface ServiceIntegrationTest {

}
