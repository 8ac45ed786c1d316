package org.backplane.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup schedule pause <name>}: its ticks start nothing until it is resumed.
 * Prints nothing on success.
 */
@Command(name = "pause", usageHelpAutoWidth = true, sortOptions = false,
		description = "Pause a schedule: its ticks start nothing until it is resumed. Prints nothing on success.")
class SchedulePauseCommand implements Callable<Integer> {

	@ParentCommand
	private ScheduleCommand parent;

	@Parameters(paramLabel = "<name>", description = "The schedule's name.")
	private String name;

	@Override
	public Integer call() {
		this.parent.client().pauseSchedule(this.name);
		return ExitCodes.OK;
	}

}
