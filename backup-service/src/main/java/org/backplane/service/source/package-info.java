/**
 * What gets backed up: the {@link org.backplane.service.source.SourceComponent} SPI, its
 * factories, the registry of configured components, and one subpackage per source type.
 */
package org.backplane.service.source;
