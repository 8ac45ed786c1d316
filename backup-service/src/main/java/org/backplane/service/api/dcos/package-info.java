/**
 * The DC/OS wire-compatible backup API, served at {@code /v1/} and
 * {@code /system/v1/backup/v1/} (Admin Router strips {@code /system/v1/backup}), over the
 * same service layer as the native API.
 */
package org.backplane.service.api.dcos;
