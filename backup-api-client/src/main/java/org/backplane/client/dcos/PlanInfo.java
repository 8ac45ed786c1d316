package org.backplane.client.dcos;

import java.util.List;

/**
 * A plan as the DC/OS SDK's {@code GET /v1/plans/<plan>} shows it. The HTTP status
 * carries its state too: 200 complete, 202 pending or in progress, 417 with errors.
 *
 * @param phases its phases
 * @param strategy {@code serial} or {@code parallel}
 * @param errors why it failed; empty unless {@code status} is {@code ERROR}
 * @param status {@code PENDING}, {@code IN_PROGRESS}, {@code WAITING}, {@code COMPLETE}
 * or {@code ERROR}
 */
public record PlanInfo(List<PhaseInfo> phases, String strategy, List<String> errors, String status) {

	/**
	 * One phase of a plan.
	 *
	 * @param id its id
	 * @param name its name, e.g. {@code backup}
	 * @param steps its steps, one per node
	 * @param strategy {@code serial} or {@code parallel}
	 * @param status as a plan's
	 */
	public record PhaseInfo(String id, String name, List<StepInfo> steps, String strategy, String status) {
	}

	/**
	 * One step of a phase: one node.
	 *
	 * @param id its id
	 * @param status {@code PENDING}, {@code PREPARED}, {@code STARTING},
	 * {@code COMPLETE}, {@code ERROR} or {@code WAITING}
	 * @param name e.g. {@code node-0:[backup]}
	 * @param message what it did or why it failed
	 */
	public record StepInfo(String id, String status, String name, String message) {
	}

}
