package org.backplane.service.mirror;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * The component named in a mirror run's path is not configured (404).
 */
class ComponentNotFoundException extends BackplaneException {

	ComponentNotFoundException(String component, String message) {
		super(Kind.NOT_FOUND, message, Map.of("component", component));
	}

	@Override
	public String getTitle() {
		return "Component not found";
	}

	@Override
	public String getTypeSlug() {
		return "component-not-found";
	}

}
