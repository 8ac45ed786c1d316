package org.backplane.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup schedule resume <name>}: resumes a paused schedule from its next
 * tick (missed ticks are not made up). Prints nothing on success.
 */
@Command(name = "resume", usageHelpAutoWidth = true, sortOptions = false,
		description = "Resume a paused schedule from its next tick. Prints nothing on success.")
class ScheduleResumeCommand implements Callable<Integer> {

	@ParentCommand
	private ScheduleCommand parent;

	@Parameters(paramLabel = "<name>", description = "The schedule's name.")
	private String name;

	@Override
	public Integer call() {
		this.parent.client().resumeSchedule(this.name);
		return ExitCodes.OK;
	}

}
