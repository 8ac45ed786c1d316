package org.backplane.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup delete [--yes] [--parameter KEY[=VALUE]]... <id>}: deletes a
 * backup's artifacts, then its record (DC/OS {@code delete}). Asks first when run on a
 * terminal, unless {@code --yes}. Prints nothing on success.
 */
@Command(name = "delete", usageHelpAutoWidth = true, sortOptions = false,
		description = "Delete a backup and its stored artifacts. Asks first on a terminal; prints nothing on success.")
class DeleteCommand implements Callable<Integer> {

	@ParentCommand
	private DcosBackup parent;

	@Option(names = { "--yes", "-y" }, description = "Do not ask for confirmation.")
	private boolean yes;

	@Parameters(paramLabel = "<id>", description = "The backup's id.")
	private String id;

	@Mixin
	private ParameterOptions parameters;

	@Override
	public Integer call() {
		CliContext context = this.parent.context();
		Map<String, String> parameters = this.parameters.resolve(context);
		if (!this.yes && context.terminal()) {
			context.out().print("Delete backup " + this.id + " and its stored artifacts? [y/N] ");
			context.out().flush();
			String answer = context.input().readLine();
			if (answer == null || !(answer.strip().toLowerCase(Locale.ROOT).equals("y")
					|| answer.strip().toLowerCase(Locale.ROOT).equals("yes"))) {
				throw new CliException(ExitCodes.ABORTED, "Not deleted: the backup " + this.id + " is kept");
			}
		}
		this.parent.client().dcosDelete(this.id, parameters);
		return ExitCodes.OK;
	}

}
