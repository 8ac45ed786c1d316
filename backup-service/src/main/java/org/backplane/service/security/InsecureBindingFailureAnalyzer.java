package org.backplane.service.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InsecureBindingException} at start-up with what to set.
 */
class InsecureBindingFailureAnalyzer extends AbstractFailureAnalyzer<InsecureBindingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InsecureBindingException cause) {
		return new FailureAnalysis(cause.getMessage(), "Set backplane.security.jwt.jwk-set-uri, "
				+ "backplane.security.jwt.public-key-location or backplane.security.tokens.<name>.sha256 and .role, "
				+ "or server.address=127.0.0.1. README.md, \"Securing Backplane\", says how.", cause);
	}

}
