package org.backplane.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.backplane.client.BackplaneClient;
import org.backplane.client.dcos.PlanCommandResult;
import org.backplane.client.dcos.PlanInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup plan list|show|start|stop}: the DC/OS SDK plan commands
 * ({@code dcos <service> plan ...}) against Backplane's plan API ({@code /v1/plans}).
 */
@Command(name = "plan", usageHelpAutoWidth = true, sortOptions = false,
		description = "Run the data-service plans backup-s3, backup-azure, restore-s3, restore-azure, and the MinIO plans backup, restore.",
		subcommands = { PlanCommand.ListPlans.class, PlanCommand.Show.class, PlanCommand.Start.class,
				PlanCommand.Stop.class, PlanCommand.Continue.class })
class PlanCommand {

	@ParentCommand
	DcosBackup parent;

	/**
	 * A plan as the SDK CLI prints it: {@code plan (STATUS)}, {@code ├─ phase (STATUS)},
	 * {@code │  └─ step (STATUS)}, then the errors.
	 * @param name the plan's name
	 * @param plan the plan
	 * @return the tree, with a line break at the end
	 */
	static String tree(String name, PlanInfo plan) {
		StringBuilder out = new StringBuilder(name).append(" (")
			.append(plan.strategy())
			.append(" strategy) (")
			.append(plan.status())
			.append(")\n");
		List<PlanInfo.PhaseInfo> phases = plan.phases();
		for (int p = 0; p < phases.size(); p++) {
			PlanInfo.PhaseInfo phase = phases.get(p);
			boolean lastPhase = p == phases.size() - 1;
			out.append(lastPhase ? "└─ " : "├─ ")
				.append(phase.name())
				.append(" (")
				.append(phase.strategy())
				.append(" strategy) (")
				.append(phase.status())
				.append(")\n");
			for (int s = 0; s < phase.steps().size(); s++) {
				PlanInfo.StepInfo step = phase.steps().get(s);
				out.append(lastPhase ? "   " : "│  ")
					.append((s == phase.steps().size() - 1) ? "└─ " : "├─ ")
					.append(step.name())
					.append(" (")
					.append(step.status())
					.append(")");
				if (step.message() != null && !step.message().isEmpty()
						&& ("ERROR".equals(step.status()) || step.message().contains("warning"))) {
					out.append(": ").append(step.message());
				}
				out.append('\n');
			}
		}
		if (plan.errors() != null && !plan.errors().isEmpty()) {
			out.append("\nErrors:\n");
			plan.errors().forEach((error) -> out.append("- ").append(error).append('\n'));
		}
		return out.toString();
	}

	/**
	 * Polls a plan until it completes or fails, printing each step's change of status.
	 * @param context where to print
	 * @param client the client
	 * @param plan the plan's name
	 * @throws CliException with {@link ExitCodes#FAILED} when the plan fails
	 */
	static void await(CliContext context, BackplaneClient client, String plan) {
		Map<String, String> seen = new java.util.HashMap<>();
		PlanInfo info;
		while (true) {
			info = client.getPlan(plan);
			for (PlanInfo.PhaseInfo phase : info.phases()) {
				for (PlanInfo.StepInfo step : phase.steps()) {
					if (!step.status().equals(seen.put(step.name(), step.status()))
							&& !"PENDING".equals(step.status())) {
						context.out()
							.println(step.name() + " " + step.status()
									+ ((step.message() != null && !step.message().isEmpty()) ? ": " + step.message()
											: ""));
					}
				}
			}
			if (info.status().equals("COMPLETE") || info.status().equals("ERROR")) {
				break;
			}
			try {
				context.sleeper().sleep(Waiter.POLL_INTERVAL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CliException(ExitCodes.OTHER, "Interrupted while waiting; the plan goes on in the service");
			}
		}
		if (info.status().equals("ERROR")) {
			throw new CliException(ExitCodes.FAILED,
					"Plan " + plan + " failed: "
							+ (info.errors().isEmpty() ? "no reason given" : String.join("; ", info.errors()))
							+ ". Run 'dcos backup plan show " + plan + "' for the steps");
		}
		context.out().println("Plan " + plan + " is complete");
	}

	@Command(name = "list", description = "List the plans.")
	static class ListPlans implements Callable<Integer> {

		@ParentCommand
		PlanCommand plan;

		@Option(names = "--json", description = "Print the names as a JSON array.")
		boolean json;

		@Override
		public Integer call() {
			List<String> names = this.plan.parent.client().listPlans();
			this.plan.parent.context()
				.out()
				.print(this.json ? Output.json(names) : names.isEmpty() ? "" : String.join("\n", names) + "\n");
			return ExitCodes.OK;
		}

	}

	@Command(name = "show", aliases = "status", description = "Show a plan's phases and steps as a tree.")
	static class Show implements Callable<Integer> {

		@ParentCommand
		PlanCommand plan;

		@Option(names = "--json", description = "Print the plan as the API returns it.")
		boolean json;

		@Parameters(paramLabel = "<plan>", description = "The plan, e.g. backup-s3.")
		String name;

		@Override
		public Integer call() {
			PlanInfo info = this.plan.parent.client().getPlan(this.name);
			this.plan.parent.context().out().print(this.json ? Output.json(info) : tree(this.name, info));
			return ExitCodes.OK;
		}

	}

	@Command(name = "start", description = "Start a plan with parameters, e.g. -p SNAPSHOT_NAME=nightly. "
			+ "Prints nothing on success unless --wait.")
	static class Start implements Callable<Integer> {

		@ParentCommand
		PlanCommand plan;

		@Parameters(paramLabel = "<plan>",
				description = "The plan: backup-s3, backup-azure, restore-s3, restore-azure (nodes components); backup, restore (buckets components).")
		String name;

		@Option(names = "--wait",
				description = "Wait until the plan completes, printing each step; exit 9 if it fails.")
		boolean waitForIt;

		@Mixin
		ParameterOptions parameters;

		@Override
		public Integer call() {
			CliContext context = this.plan.parent.context();
			BackplaneClient client = this.plan.parent.client();
			client.startPlan(this.name, this.parameters.resolve(context));
			if (this.waitForIt) {
				context.out().println("Plan " + this.name + " started");
				await(context, client, this.name);
			}
			return ExitCodes.OK;
		}

	}

	@Command(name = "stop", description = "Stop a plan: the running steps end, the others wait for 'continue'.")
	static class Stop implements Callable<Integer> {

		@ParentCommand
		PlanCommand plan;

		@Parameters(paramLabel = "<plan>", description = "The plan.")
		String name;

		@Override
		public Integer call() {
			PlanCommandResult result = this.plan.parent.client().planCommand(this.name, "stop", null, null);
			if (!result.changed()) {
				this.plan.parent.context().out().println("Plan " + this.name + " is not running or already stopped");
			}
			return ExitCodes.OK;
		}

	}

	@Command(name = "continue", aliases = "resume", description = "Continue a stopped plan.")
	static class Continue implements Callable<Integer> {

		@ParentCommand
		PlanCommand plan;

		@Parameters(paramLabel = "<plan>", description = "The plan.")
		String name;

		@Option(names = "--wait",
				description = "Wait until the plan completes, printing each step; exit 9 if it fails.")
		boolean waitForIt;

		@Override
		public Integer call() {
			CliContext context = this.plan.parent.context();
			PlanCommandResult result = this.plan.parent.client().planCommand(this.name, "continue", null, null);
			if (!result.changed()) {
				context.out().println("Plan " + this.name + " is not stopped");
			}
			if (this.waitForIt) {
				await(context, this.plan.parent.client(), this.name);
			}
			return ExitCodes.OK;
		}

	}

}
