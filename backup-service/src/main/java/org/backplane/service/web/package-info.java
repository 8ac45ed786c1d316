/**
 * Cross-cutting web concerns: errors as RFC 9457 problems (and as {@code {"errors":
 * [...]}} on the DC/OS paths), and the OpenAPI description.
 */
@ApplicationModule(allowedDependencies = { "support" })
package org.backplane.service.web;

import org.springframework.modulith.ApplicationModule;
