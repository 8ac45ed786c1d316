/**
 * Who may call the service: DC/OS tokens (RS256 JWTs) and static API tokens, roles
 * ({@code viewer}, {@code operator}, {@code admin}) checked by URL in the filter chain,
 * the caller handed to the controllers (whose services check the rules that depend on the
 * request's content), the anonymous admin allowed only on a loopback address, JSON-only
 * mutating requests, CORS by configuration, and one audit line per mutating request.
 */
@ApplicationModule(allowedDependencies = { "support" })
package org.backplane.service.security;

import org.springframework.modulith.ApplicationModule;
