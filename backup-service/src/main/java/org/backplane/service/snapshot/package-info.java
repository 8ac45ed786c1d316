/**
 * Node snapshots: backing up and restoring a {@code nodes} component node by node, one
 * step per node with its hooks, in Backplane's layout or a data-service snapshot's
 * ({@code <snapshot>/node-N/…}); what backups, restores and plans share.
 */
@ApplicationModule(allowedDependencies = { "job", "source", "storage", "store", "support" })
package org.backplane.service.snapshot;

import org.springframework.modulith.ApplicationModule;
