/**
 * The few helpers shared by features: the exception base class, id and label rules, the clock, a bounded
 * stream pipe and the service version.
 */
package org.backplane.service.support;
