package org.backplane.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.backplane.client.model.RetentionRules;
import org.backplane.client.model.ScheduleRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup schedule create --cron=<cron> [options] <name>}: creates a schedule.
 * Prints nothing on success.
 */
@Command(name = "create", usageHelpAutoWidth = true, sortOptions = false,
		description = "Create a schedule whose backups are labelled <name>. Prints nothing on success.")
class ScheduleCreateCommand implements Callable<Integer> {

	@ParentCommand
	private ScheduleCommand parent;

	@Parameters(paramLabel = "<name>",
			description = "The schedule's name, also its backups' label: 3-25 characters, letters, digits, '_', '.', "
					+ "'-'.")
	private String name;

	@Option(names = "--cron", required = true, paramLabel = "<cron>",
			description = "Six fields: second minute hour day-of-month month day-of-week, e.g. '0 0 3 * * *'.")
	private String cron;

	@Option(names = "--zone", paramLabel = "<zone>",
			description = "Time zone of the cron fields and retention periods, e.g. Europe/Paris (default UTC).")
	private String zone;

	@Option(names = "--component", paramLabel = "<name>",
			description = "A component to back up; repeat for several (default: all).")
	private List<String> components;

	@Option(names = "--storage-location", paramLabel = "<name>",
			description = "The storage location (default: the default location).")
	private String storageLocation;

	@Option(names = "--keep-last", paramLabel = "<n>", description = "Keep the newest n backups.")
	private Integer keepLast;

	@Option(names = "--keep-hourly", paramLabel = "<n>", description = "Keep the newest backup of n hours.")
	private Integer keepHourly;

	@Option(names = "--keep-daily", paramLabel = "<n>", description = "Keep the newest backup of n days.")
	private Integer keepDaily;

	@Option(names = "--keep-weekly", paramLabel = "<n>", description = "Keep the newest backup of n weeks.")
	private Integer keepWeekly;

	@Option(names = "--keep-monthly", paramLabel = "<n>", description = "Keep the newest backup of n months.")
	private Integer keepMonthly;

	@Option(names = "--keep-yearly", paramLabel = "<n>", description = "Keep the newest backup of n years.")
	private Integer keepYearly;

	@Option(names = "--keep-within", paramLabel = "<duration>",
			description = "Keep every backup within this of the newest, e.g. 2y5m7d3h.")
	private String keepWithin;

	@Option(names = "--paused", description = "Create it paused.")
	private boolean paused;

	@Override
	public Integer call() {
		RetentionRules rules = new RetentionRules(this.keepLast, this.keepHourly, this.keepDaily, this.keepWeekly,
				this.keepMonthly, this.keepYearly, this.keepWithin);
		boolean anyRule = this.keepLast != null || this.keepHourly != null || this.keepDaily != null
				|| this.keepWeekly != null || this.keepMonthly != null || this.keepYearly != null
				|| this.keepWithin != null;
		this.parent.client()
			.createSchedule(new ScheduleRequest(this.name, this.cron, this.zone, this.components, this.storageLocation,
					anyRule ? rules : null, this.paused));
		return ExitCodes.OK;
	}

}
