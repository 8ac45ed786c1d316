package org.backplane.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.backplane.client.dcos.DcosBackupInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup list [--json] [<prefix>]}: the DC/OS {@code list}, newest first, as
 * a table or as the indented JSON array of the API's {@code backup_info} objects
 * ({@code []} when there are none).
 */
@Command(name = "list", usageHelpAutoWidth = true, sortOptions = false,
		description = "List backups, newest first: BACKUP ID, VERSION, STATUS, TIMESTAMP.")
class ListCommand implements Callable<Integer> {

	@ParentCommand
	private DcosBackup parent;

	@Option(names = "--json", description = "Print the backups as indented JSON, as the API returns them.")
	private boolean json;

	@Parameters(arity = "0..1", paramLabel = "<prefix>", description = "Only backups whose id starts with this.")
	private String prefix;

	@Override
	public Integer call() {
		List<DcosBackupInfo> backups = this.parent.client().dcosList(this.prefix);
		this.parent.context().out().print(this.json ? Output.json(backups) : Output.backupTable(backups));
		return ExitCodes.OK;
	}

}
