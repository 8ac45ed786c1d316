/**
 * The few helpers shared by features: the exception base class, id and label rules, the
 * clock, a bounded stream pipe, the service version and flushing directories to disk.
 */
@ApplicationModule(allowedDependencies = {})
package org.backplane.service.support;

import org.springframework.modulith.ApplicationModule;
