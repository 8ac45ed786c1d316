/**
 * What gets backed up: the {@link org.backplane.service.source.SourceComponent} SPI, its
 * factories, the registry of configured components, and one subpackage per source type.
 */
@ApplicationModule(allowedDependencies = { "config", "support", "s3client" })
package org.backplane.service.source;

import org.springframework.modulith.ApplicationModule;
