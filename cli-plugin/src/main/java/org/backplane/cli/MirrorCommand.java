package org.backplane.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.MirrorRunResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dcos backup mirror <verb>}: mirror runs of a {@code buckets} component that has
 * a {@code mirror-location} (native API, {@code /api/v1/components/{name}/mirror} and
 * {@code mirror-runs}): each source bucket copied into {@code <mirror-prefix><bucket>},
 * only what changed, then what the source no longer has deleted at the mirror.
 */
@Command(name = "mirror", usageHelpAutoWidth = true, sortOptions = false,
		description = "Mirror a buckets component's buckets to its mirror-location, as the MinIO service's "
				+ "mc mirror task did: start a run, list a component's runs, show one.",
		subcommands = { MirrorCommand.Run.class, MirrorCommand.ListRuns.class, MirrorCommand.Show.class })
class MirrorCommand implements Runnable {

	@ParentCommand
	private DcosBackup parent;

	@Spec
	private CommandSpec spec;

	@Override
	public void run() {
		this.spec.commandLine().usage(this.parent.context().out());
	}

	BackplaneClient client() {
		return this.parent.client();
	}

	CliContext context() {
		return this.parent.context();
	}

	/**
	 * {@code mirror run [--wait] [-p KEY[=VALUE]]... <component>}.
	 */
	@Command(name = "run", usageHelpAutoWidth = true, sortOptions = false,
			description = "Start a mirror run of a component; prints the run's id. With --wait, waits for it and "
					+ "prints what it copied and deleted.")
	static class Run implements Callable<Integer> {

		@ParentCommand
		private MirrorCommand parent;

		@Option(names = "--wait",
				description = "Wait until the run ends, showing progress; exit 9 if it fails (with the reason).")
		private boolean waitForIt;

		@Mixin
		private ParameterOptions parameters;

		@Parameters(paramLabel = "<component>", description = "The buckets component, e.g. minio.")
		private String component;

		@Override
		public Integer call() {
			MirrorRunResponse run = this.parent.client()
				.mirror(this.component, this.parameters.resolve(this.parent.context()));
			this.parent.context().out().println(run.id());
			if (this.waitForIt) {
				MirrorRunResponse ended = new Waiter(this.parent.parent).mirror(this.component, run.id());
				this.parent.context().out().print(Output.mirrorRunDetails(ended));
			}
			return ExitCodes.OK;
		}

	}

	/**
	 * {@code mirror list [--limit N] [--json] <component>}.
	 */
	@Command(name = "list", usageHelpAutoWidth = true, sortOptions = false,
			description = "List a component's latest mirror runs, newest first (those its backups ran with "
					+ "MIRROR=true, the backup plan, too).")
	static class ListRuns implements Callable<Integer> {

		@ParentCommand
		private MirrorCommand parent;

		@Option(names = "--limit", paramLabel = "<n>", defaultValue = "20",
				description = "How many runs at most, 1 to 100 (default ${DEFAULT-VALUE}).")
		private int limit;

		@Option(names = "--json", description = "Print the runs as indented JSON, as the API returns them.")
		private boolean json;

		@Parameters(paramLabel = "<component>", description = "The buckets component, e.g. minio.")
		private String component;

		@Override
		public Integer call() {
			List<MirrorRunResponse> runs = this.parent.client().listMirrorRuns(this.component, this.limit);
			this.parent.context().out().print(this.json ? Output.json(runs) : Output.mirrorRunTable(runs));
			return ExitCodes.OK;
		}

	}

	/**
	 * {@code mirror show [--json] <component> <run-id>}.
	 */
	@Command(name = "show", usageHelpAutoWidth = true, sortOptions = false,
			description = "Show a mirror run: status, progress, what it copied and deleted, or why it failed.")
	static class Show implements Callable<Integer> {

		@ParentCommand
		private MirrorCommand parent;

		@Option(names = "--json", description = "Print the run as indented JSON, as the API returns it.")
		private boolean json;

		@Parameters(index = "0", paramLabel = "<component>", description = "The buckets component, e.g. minio.")
		private String component;

		@Parameters(index = "1", paramLabel = "<run-id>", description = "The run's id (mirror:<uuid>).")
		private String runId;

		@Override
		public Integer call() {
			MirrorRunResponse run = this.parent.client().getMirrorRun(this.component, this.runId);
			this.parent.context().out().print(this.json ? Output.json(run) : Output.mirrorRunDetails(run));
			return ExitCodes.OK;
		}

	}

}
