package org.backplane.cli;

import java.util.concurrent.Callable;

import org.backplane.client.model.ScheduleResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup schedule show [--json] <name>}: one schedule, its retention rules
 * and how its last run went.
 */
@Command(name = "show", usageHelpAutoWidth = true, sortOptions = false,
		description = "Show a schedule: cron, components, retention, next and last run, skipped ticks.")
class ScheduleShowCommand implements Callable<Integer> {

	@ParentCommand
	private ScheduleCommand parent;

	@Option(names = "--json", description = "Print the schedule as indented JSON, as the API returns it.")
	private boolean json;

	@Parameters(paramLabel = "<name>", description = "The schedule's name.")
	private String name;

	@Override
	public Integer call() {
		ScheduleResponse schedule = this.parent.client().getSchedule(this.name);
		this.parent.context().out().print(this.json ? Output.json(schedule) : Output.scheduleDetails(schedule));
		return ExitCodes.OK;
	}

}
