/**
 * The {@code dcos-backup} command: {@code dcos backup create|list|show|delete|restore} as
 * a DC/OS CLI plugin, and the same commands standalone against any Backplane URL. One
 * class per verb; every command gets its {@link org.backplane.client.BackplaneClient}
 * from {@link org.backplane.cli.ClusterDiscovery}, validates, then runs.
 */
package org.backplane.cli;
