package org.backplane.service.source;

import java.util.Collection;
import java.util.Map;

import org.backplane.service.support.BackplaneException;
import org.backplane.service.support.Ids;

/**
 * A request names a component that is not configured (400).
 */
class UnknownComponentException extends BackplaneException {

	UnknownComponentException(String name, Collection<String> configured) {
		super(Kind.INVALID, "Unknown component '" + Ids.printable(name) + "': configured components are " + configured,
				Map.of("component", name, "configured", configured));
	}

	@Override
	public String getTitle() {
		return "Unknown component";
	}

	@Override
	public String getTypeSlug() {
		return "unknown-component";
	}

}
