/**
 * The DC/OS SDK plan API ({@code /v1/plans}): {@code backup-s3}, {@code backup-azure},
 * {@code restore-s3}, {@code restore-azure} over each {@code nodes} component, every run
 * a backup or restore in the catalogue. See {@code docs/plans.md}.
 */
@ApplicationModule(
		allowedDependencies = { "backup :: api", "restore :: api", "job", "source", "storage", "store", "support" })
package org.backplane.service.plan;

import org.springframework.modulith.ApplicationModule;
