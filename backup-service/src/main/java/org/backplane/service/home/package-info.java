/**
 * The service's home ({@code backplane.home}): created, and kept, readable by the
 * service's user only; what an earlier version left open to other users is restricted at
 * start-up.
 */
@ApplicationModule(allowedDependencies = { "config", "support" })
package org.backplane.service.home;

import org.springframework.modulith.ApplicationModule;
