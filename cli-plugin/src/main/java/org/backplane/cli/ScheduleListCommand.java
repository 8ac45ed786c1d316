package org.backplane.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup schedule list [--json]}: every schedule, by name.
 */
@Command(name = "list", usageHelpAutoWidth = true, sortOptions = false,
		description = "List schedules: NAME, CRON, ZONE, NEXT RUN, LAST RUN, LAST OUTCOME, SKIPPED, STATE.")
class ScheduleListCommand implements Callable<Integer> {

	@ParentCommand
	private ScheduleCommand parent;

	@Option(names = "--json", description = "Print the schedules as indented JSON, as the API returns them.")
	private boolean json;

	@Override
	public Integer call() {
		var schedules = this.parent.client().listSchedules();
		this.parent.context().out().print(this.json ? Output.json(schedules) : Output.scheduleTable(schedules));
		return ExitCodes.OK;
	}

}
