/**
 * The native REST API ({@code /api/v1}): controllers that map the service layer to the
 * wire records of {@code backup-api-client}.
 */
package org.backplane.service.api;
