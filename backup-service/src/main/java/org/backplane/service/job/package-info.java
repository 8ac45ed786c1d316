/**
 * Running jobs: the db-scheduler queue in PostgreSQL (cluster-safe picking, heartbeats),
 * per-component locks, and the reaper that ends jobs whose runner is gone.
 */
@ApplicationModule(allowedDependencies = { "config", "source", "support" })
package org.backplane.service.job;

import org.springframework.modulith.ApplicationModule;
