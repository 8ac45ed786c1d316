package org.backplane.service.plan;

import java.util.Map;

import org.backplane.service.support.BackplaneException;

/**
 * A plan that does not exist (404) or a plan command that does not fit the plan's state
 * (409); the message says what to do.
 */
final class PlanException extends BackplaneException {

	private final String title;

	private final String slug;

	private PlanException(Kind kind, String title, String slug, String message, String plan) {
		super(kind, message, Map.of("plan", plan));
		this.title = title;
		this.slug = slug;
	}

	static PlanException notFound(String plan, String message) {
		return new PlanException(Kind.NOT_FOUND, "Plan not found", "plan-not-found", message, plan);
	}

	static PlanException conflict(String plan, String message) {
		return new PlanException(Kind.CONFLICT, "Plan busy", "plan-conflict", message, plan);
	}

	@Override
	public String getTitle() {
		return this.title;
	}

	@Override
	public String getTypeSlug() {
		return this.slug;
	}

}
