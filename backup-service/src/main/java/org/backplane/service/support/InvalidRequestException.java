package org.backplane.service.support;

import java.util.Map;

/**
 * A request breaks a rule: a bad label, an unknown component, an unknown policy. The
 * message names the rule and what to change.
 */
public class InvalidRequestException extends BackplaneException {

	public InvalidRequestException(String message) {
		super(Kind.INVALID, message, Map.of());
	}

	public InvalidRequestException(String message, Map<String, Object> properties) {
		super(Kind.INVALID, message, properties);
	}

	@Override
	public String getTitle() {
		return "Invalid request";
	}

	@Override
	public String getTypeSlug() {
		return "invalid-request";
	}

}
