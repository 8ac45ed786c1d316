package org.backplane.service.plan;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.backplane.client.dcos.PlanInfo;
import org.backplane.client.dcos.PlanMessage;
import org.backplane.service.support.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The DC/OS SDK plan API, wire-compatible with {@code PlansResource}: list, status (the
 * HTTP status carries the state: 200 complete, 202 pending or in progress, 417 errors),
 * {@code start}, {@code stop}, {@code interrupt}, {@code continue},
 * {@code forceComplete}, {@code restart}; 208 for a command that changes nothing. Errors
 * are {@code {"errors": ["..."]}}.
 */
@RestController
@RequestMapping(path = { "/v1/plans", "/system/v1/backup/v1/plans" }, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "plans", description = "DC/OS SDK plan API (also under /system/v1/backup/v1/plans)")
class PlanController {

	private final PlanService plans;

	PlanController(PlanService plans) {
		this.plans = plans;
	}

	@GetMapping
	@Operation(summary = "List the plans' names")
	List<String> list() {
		return this.plans.names();
	}

	@GetMapping("/{plan}")
	@Operation(summary = "Show a plan's latest run",
			description = "200 when complete, 202 when pending or in progress, 417 when it failed.")
	ResponseEntity<PlanInfo> get(@PathVariable String plan) {
		PlanService.View view = this.plans.get(plan);
		return ResponseEntity.status(view.httpStatus()).body(view.info());
	}

	@PostMapping(path = "/{plan}/start", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Start a plan with parameters",
			description = "Needs the operator role (admin for per-request placement parameters and overwrite restores). "
					+ "409 while the plan runs.")
	PlanMessage start(@PathVariable String plan, @RequestBody(required = false) Map<String, String> parameters,
			Caller caller) {
		this.plans.start(caller, plan, parameters);
		return new PlanMessage("Received cmd: start " + plan + " with parameters: "
				+ ((parameters != null) ? new java.util.TreeSet<>(parameters.keySet()) : List.of()));
	}

	@PostMapping("/{plan}/stop")
	@Operation(summary = "Stop a plan: the running steps end, the rest wait (208 when it is not running)")
	ResponseEntity<PlanMessage> stop(@PathVariable String plan, Caller caller) {
		return answer(this.plans.interrupt(caller, plan, null), "stop");
	}

	@PostMapping("/{plan}/interrupt")
	@Operation(summary = "Interrupt a plan: its next steps wait (208 when already waiting or not running)")
	ResponseEntity<PlanMessage> interrupt(@PathVariable String plan,
			@RequestParam(name = "phase", required = false) String phase, Caller caller) {
		return answer(this.plans.interrupt(caller, plan, phase), "interrupt");
	}

	@PostMapping("/{plan}/continue")
	@Operation(summary = "Continue a stopped or interrupted plan (208 when it is not waiting)")
	ResponseEntity<PlanMessage> proceed(@PathVariable String plan,
			@RequestParam(name = "phase", required = false) String phase, Caller caller) {
		return answer(this.plans.proceed(caller, plan, phase), "continue");
	}

	@PostMapping("/{plan}/forceComplete")
	@Operation(summary = "Force a step complete: 208 for a complete step; other steps are refused (409)")
	ResponseEntity<PlanMessage> forceComplete(@PathVariable String plan,
			@RequestParam(name = "phase", required = false) String phase,
			@RequestParam(name = "step", required = false) String step, Caller caller) {
		return answer(this.plans.forceComplete(caller, plan, phase, step), "forceComplete");
	}

	@PostMapping("/{plan}/restart")
	@Operation(summary = "Restart a step: 208 for a step still pending; a run that ended is started again with start")
	ResponseEntity<PlanMessage> restart(@PathVariable String plan,
			@RequestParam(name = "phase", required = false) String phase,
			@RequestParam(name = "step", required = false) String step, Caller caller) {
		return answer(this.plans.restart(caller, plan, phase, step), "restart");
	}

	private static ResponseEntity<PlanMessage> answer(boolean changed, String command) {
		return ResponseEntity.status(changed ? HttpStatus.OK : HttpStatus.ALREADY_REPORTED)
			.body(new PlanMessage("Received cmd: " + command));
	}

}
