package org.backplane.service.job;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * A status change the lifecycle table does not allow (409).
 */
public class IllegalTransitionException extends BackplaneException {

	public IllegalTransitionException(String what, String id, String current, String target) {
		super(Kind.CONFLICT, "Cannot move " + what + " " + id + " from " + current + " to " + target,
				Map.of("id", id, "currentStatus", current, "targetStatus", target));
	}

	@Override
	public String getTitle() {
		return "Illegal status transition";
	}

	@Override
	public String getTypeSlug() {
		return "illegal-transition";
	}

}
