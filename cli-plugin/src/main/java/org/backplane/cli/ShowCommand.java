package org.backplane.cli;

import java.util.concurrent.Callable;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.model.BackupResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup show [--json] <id>}: one backup with its components, progress,
 * sizes, SHA-256 and restores, read from the native API (the DC/OS API has no read by id;
 * its {@code list} is used only when the native API is not reachable at this URL).
 */
@Command(name = "show", usageHelpAutoWidth = true, sortOptions = false,
		description = "Show a backup: status, progress, size, components with SHA-256, restores.")
class ShowCommand implements Callable<Integer> {

	@ParentCommand
	private DcosBackup parent;

	@Option(names = "--json", description = "Print the backup as indented JSON, as the API returns it.")
	private boolean json;

	@Parameters(paramLabel = "<id>", description = "The backup's id.")
	private String id;

	@Override
	public Integer call() {
		BackplaneClient client = this.parent.client();
		String text;
		try {
			BackupResponse backup = client.getBackup(this.id);
			text = this.json ? Output.json(backup) : Output.backupDetails(backup);
		}
		catch (BackplaneApiException ex) {
			if (!ex.isMissingRoute()) {
				throw ex;
			}
			DcosBackupInfo backup = client.dcosFind(this.id)
				.orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
						"No backup " + this.id + ". Run '" + this.parent.suggest("list") + "' to see the backups"));
			text = this.json ? Output.json(backup) : Output.backupDetails(backup);
		}
		this.parent.context().out().print(text);
		return ExitCodes.OK;
	}

}
