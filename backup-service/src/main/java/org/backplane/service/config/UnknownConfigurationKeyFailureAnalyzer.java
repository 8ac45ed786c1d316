package org.backplane.service.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports an {@link UnknownConfigurationKeyException} at start-up with its message alone.
 * Ordered first so that Spring Boot's own analyzers of binding failures, which print the
 * value of the property bound last (possibly a secret), do not report it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownConfigurationKeyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownConfigurationKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownConfigurationKeyException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct or remove the key. README.md (\"Configuration\") lists every backplane.* key.", cause);
	}

}
