package org.backplane.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup schedule delete [--yes] <name>}: deletes a schedule; its backups
 * stay. Asks first on a terminal unless {@code --yes}. Prints nothing on success.
 */
@Command(name = "delete", usageHelpAutoWidth = true, sortOptions = false,
		description = "Delete a schedule (its backups stay). Asks first on a terminal; prints nothing on success.")
class ScheduleDeleteCommand implements Callable<Integer> {

	@ParentCommand
	private ScheduleCommand parent;

	@Option(names = { "--yes", "-y" }, description = "Do not ask for confirmation.")
	private boolean yes;

	@Parameters(paramLabel = "<name>", description = "The schedule's name.")
	private String name;

	@Override
	public Integer call() {
		CliContext context = this.parent.context();
		if (!this.yes && context.terminal()) {
			context.out().print("Delete schedule " + this.name + "? Its backups stay. [y/N] ");
			context.out().flush();
			String answer = context.input().readLine();
			String normalized = (answer != null) ? answer.strip().toLowerCase(Locale.ROOT) : "";
			if (!normalized.equals("y") && !normalized.equals("yes")) {
				throw new CliException(ExitCodes.ABORTED, "Not deleted: the schedule " + this.name + " is kept");
			}
		}
		this.parent.client().deleteSchedule(this.name);
		return ExitCodes.OK;
	}

}
