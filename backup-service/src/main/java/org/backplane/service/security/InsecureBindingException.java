package org.backplane.service.security;

import org.jspecify.annotations.Nullable;

/**
 * The service was asked to listen beyond loopback with no authentication configured.
 */
class InsecureBindingException extends IllegalStateException {

	InsecureBindingException(@Nullable String address) {
		super("Backplane refuses to start: it would listen on "
				+ ((address == null || address.isBlank()) ? "every address (server.address is not set)"
						: address + " (server.address)")
				+ " with no authentication configured, so anyone who can reach it could back up, restore and delete. "
				+ "Configure authentication: backplane.security.jwt.jwk-set-uri (on DC/OS "
				+ "http://master.mesos/acs/api/v1/auth/jwks) or backplane.security.jwt.public-key-location (a PEM "
				+ "file) for DC/OS tokens, and/or backplane.security.tokens.<name>.sha256 with "
				+ "backplane.security.tokens.<name>.role for static API tokens; or listen on a loopback address "
				+ "only (server.address=127.0.0.1).");
	}

}
