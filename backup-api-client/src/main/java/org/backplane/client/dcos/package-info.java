/**
 * Records of the DC/OS wire-compatible API ({@code /v1/} and
 * {@code /system/v1/backup/v1/}), with their snake_case field names.
 */
package org.backplane.client.dcos;
