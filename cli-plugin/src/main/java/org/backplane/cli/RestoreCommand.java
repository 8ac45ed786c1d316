package org.backplane.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.CreateRestoreRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup restore [--wait] [--policy=fail-if-exists|overwrite] [--parameter KEY[=VALUE]]... <id>}:
 * restores every component of a backup. Without {@code --policy} through the DC/OS
 * {@code restore} (each component's configured policy), with it through the native API.
 * Prints nothing on success unless {@code --wait}.
 */
@Command(name = "restore", usageHelpAutoWidth = true, sortOptions = false,
		description = "Restore a backup into its components. Prints nothing on success unless --wait.")
class RestoreCommand implements Callable<Integer> {

	@ParentCommand
	private DcosBackup parent;

	@Option(names = "--wait", description = "Wait until the restore ends, showing progress; exit 9 if it fails.")
	private boolean waitForIt;

	@Option(names = "--policy", paramLabel = "fail-if-exists|overwrite",
			description = "Refuse to restore over existing data (fail-if-exists) or replace it (overwrite); "
					+ "default: each component's configured policy.")
	private String policy;

	@Parameters(paramLabel = "<id>", description = "The backup's id.")
	private String id;

	@Mixin
	private ParameterOptions parameters;

	@Override
	public Integer call() {
		if (this.policy != null && !this.policy.equals("fail-if-exists") && !this.policy.equals("overwrite")) {
			throw new CliException(ExitCodes.USAGE,
					"Invalid --policy '" + this.policy + "': use fail-if-exists or overwrite");
		}
		Map<String, String> parameters = this.parameters.resolve(this.parent.context());
		BackplaneClient client = this.parent.client();
		String restoreId = (this.policy != null)
				? client.createRestore(this.id, new CreateRestoreRequest(null, this.policy, null, parameters)).id()
				: client.dcosRestore(this.id, parameters).id();
		if (this.waitForIt) {
			this.parent.context().out().println("Restore " + restoreId + " of backup " + this.id + " started");
			new Waiter(this.parent).restore(this.id, restoreId);
		}
		return ExitCodes.OK;
	}

}
