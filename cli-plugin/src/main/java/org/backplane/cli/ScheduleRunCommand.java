package org.backplane.cli;

import java.util.concurrent.Callable;

import org.backplane.client.model.BackupResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup schedule run [--wait] <name>}: runs a schedule now and prints the id
 * of the backup it started.
 */
@Command(name = "run", usageHelpAutoWidth = true, sortOptions = false,
		description = "Run a schedule now; prints the id of the backup it started.")
class ScheduleRunCommand implements Callable<Integer> {

	@ParentCommand
	private ScheduleCommand parent;

	@Option(names = "--wait", description = "Wait until the backup is ready, showing progress; exit 9 if it fails.")
	private boolean waitForIt;

	@Parameters(paramLabel = "<name>", description = "The schedule's name.")
	private String name;

	@Override
	public Integer call() {
		BackupResponse backup = this.parent.client().runSchedule(this.name);
		this.parent.context().out().println(backup.id());
		if (this.waitForIt) {
			new Waiter(this.parent.root()).backup(backup.id());
		}
		return ExitCodes.OK;
	}

}
