package org.backplane.service;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages form modules without cycles, and none reaches into another's
 * internals: each module lists the modules it may use ({@code @ApplicationModule} on its
 * {@code package-info}), and {@code backup} offers other features only its named
 * interface {@code api} ({@code BackupCatalogue}, {@code BackupService}, the entities as
 * read-only views), so a class outside {@code backup} that uses its repository or job
 * fails this test.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(BackupServiceApplication.class);

	@Test
	void featurePackagesRespectTheirBoundaries() {
		this.modules.verify();
	}

	@Test
	void everyModuleDeclaresWhatItMayUse() {
		this.modules.forEach((module) -> {
			String packageInfo = module.getBasePackage().getName() + ".package-info";
			ApplicationModule declared;
			try {
				declared = Class.forName(packageInfo).getAnnotation(ApplicationModule.class);
			}
			catch (ClassNotFoundException ex) {
				declared = null;
			}
			assertThat(declared)
				.as("%s must declare @ApplicationModule(allowedDependencies = ...) so it cannot quietly reach into "
						+ "other modules", packageInfo)
				.isNotNull();
		});
	}

}
