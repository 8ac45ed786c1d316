/**
 * A plain Java client for the Backplane API
 * ({@link org.backplane.client.BackplaneClient}), with the wire records the service
 * itself uses: native API records in {@code model}, DC/OS wire-compatible records in
 * {@code dcos}. No Spring.
 */
package org.backplane.client;
