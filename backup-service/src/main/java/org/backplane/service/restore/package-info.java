/**
 * The restore aggregate: {@link org.backplane.service.restore.Restore} and its lifecycle
 * ({@link org.backplane.service.restore.RestoreStatus}), the service that starts restores
 * and the job that runs one (manifest read → SHA-256 verified → source restore under its
 * policy).
 */
package org.backplane.service.restore;
