/**
 * The service's typed configuration ({@code backplane.*}).
 */
@ApplicationModule(allowedDependencies = {})
package org.backplane.service.config;

import org.springframework.modulith.ApplicationModule;
