/**
 * The service's typed configuration ({@code backplane.*}).
 */
package org.backplane.service.config;
