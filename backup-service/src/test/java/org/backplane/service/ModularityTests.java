package org.backplane.service;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages form modules without cycles, and none reaches into another's
 * internals (an adapter subpackage such as {@code storage.file} or
 * {@code source.directory} is only used by its own feature).
 */
class ModularityTests {

	@Test
	void featurePackagesRespectTheirBoundaries() {
		ApplicationModules.of(BackupServiceApplication.class).verify();
	}

}
