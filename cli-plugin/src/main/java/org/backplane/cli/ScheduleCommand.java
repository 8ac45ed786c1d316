package org.backplane.cli;

import org.backplane.client.BackplaneClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dcos backup schedule <verb>}: backups on a cron schedule, with retention (native
 * API, {@code /api/v1/schedules}).
 */
@Command(name = "schedule", usageHelpAutoWidth = true, sortOptions = false,
		description = "Back up on a cron schedule, pruning old backups by retention rules.",
		subcommands = { ScheduleListCommand.class, ScheduleShowCommand.class, ScheduleCreateCommand.class,
				ScheduleDeleteCommand.class, ScheduleRunCommand.class, SchedulePauseCommand.class,
				ScheduleResumeCommand.class })
class ScheduleCommand implements Runnable {

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

	DcosBackup root() {
		return this.parent;
	}

}
