package org.backplane.service.job;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * Another backup or restore is using a component (409).
 */
public class ComponentBusyException extends BackplaneException {

	public ComponentBusyException(String component, String holderId, String operation) {
		super(Kind.CONFLICT,
				"Component " + component + " is busy with " + operation + " " + holderId
						+ ": wait until it ends, or pick other components",
				Map.of("component", component, "busyWith", holderId));
	}

	@Override
	public String getTitle() {
		return "Component busy";
	}

	@Override
	public String getTypeSlug() {
		return "component-busy";
	}

}
