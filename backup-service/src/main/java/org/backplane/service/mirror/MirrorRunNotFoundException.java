package org.backplane.service.mirror;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * No mirror run of this id for this component (404).
 */
class MirrorRunNotFoundException extends BackplaneException {

	MirrorRunNotFoundException(String component, String runId) {
		super(Kind.NOT_FOUND, "No mirror run " + runId + " of component " + component
				+ ": use the id and Location that starting the run answered", Map.of("component", component));
	}

	@Override
	public String getTitle() {
		return "Mirror run not found";
	}

	@Override
	public String getTypeSlug() {
		return "mirror-run-not-found";
	}

}
