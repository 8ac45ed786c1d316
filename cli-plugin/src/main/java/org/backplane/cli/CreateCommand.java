package org.backplane.cli;

import java.util.concurrent.Callable;

import org.backplane.client.dcos.DcosBackupInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup create --label=<label> [--wait] [--parameter KEY[=VALUE]]...}:
 * starts a backup of every configured component through the DC/OS API. Prints nothing on
 * success unless {@code --wait}.
 */
@Command(name = "create", usageHelpAutoWidth = true, sortOptions = false,
		description = "Back up every configured component. Prints nothing on success unless --wait.")
class CreateCommand implements Callable<Integer> {

	@ParentCommand
	private DcosBackup parent;

	@Option(names = "--label", required = true, paramLabel = "<label>",
			description = "Label of the backup: 3-25 characters, letters, digits, '_', '.', '-'; the id becomes "
					+ "<label>-<uuid>.")
	private String label;

	@Option(names = "--wait", description = "Wait until the backup is ready, showing progress; exit 9 if it fails.")
	private boolean waitForIt;

	@Mixin
	private ParameterOptions parameters;

	@Override
	public Integer call() {
		DcosBackupInfo backup = this.parent.client()
			.dcosCreate(this.label, this.parameters.resolve(this.parent.context()));
		if (this.waitForIt) {
			this.parent.context().out().println("Backup " + backup.id() + " started");
			new Waiter(this.parent).backup(backup.id());
		}
		return ExitCodes.OK;
	}

}
