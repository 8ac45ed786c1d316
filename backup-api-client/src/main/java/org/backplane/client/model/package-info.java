/**
 * Records of the native API ({@code /api/v1}).
 */
package org.backplane.client.model;
