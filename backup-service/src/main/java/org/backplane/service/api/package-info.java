/**
 * The native REST API ({@code /api/v1}): controllers that map the service layer to the
 * wire records of {@code backup-api-client}.
 */
@ApplicationModule(allowedDependencies = { "backup :: api", "restore :: api", "job", "source", "storage", "support" })
package org.backplane.service.api;

import org.springframework.modulith.ApplicationModule;
