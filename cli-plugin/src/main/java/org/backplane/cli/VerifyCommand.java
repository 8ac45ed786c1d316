package org.backplane.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup verify [--depth size|full] [--wait] <id>}: queues a verification of
 * a stored backup; with {@code --wait}, waits for it and prints its outcome, exiting
 * non-zero when it failed. The outcome is also in {@code show}.
 */
@Command(name = "verify", usageHelpAutoWidth = true, sortOptions = false,
		description = "Check a stored backup against its manifest: sizes, or (full) every artifact's SHA-256.")
class VerifyCommand implements Callable<Integer> {

	@ParentCommand
	private DcosBackup parent;

	@Option(names = "--depth", paramLabel = "size|full", defaultValue = "full",
			description = "size: the manifest and each artifact's size; full (default): also read every artifact.")
	private String depth;

	@Option(names = "--wait", description = "Wait for the outcome and print it.")
	private boolean waitForIt;

	@Parameters(paramLabel = "<id>", description = "The backup's id.")
	private String id;

	@Override
	public Integer call() throws InterruptedException {
		BackplaneClient client = this.parent.client();
		client.verifyBackup(this.id, this.depth);
		if (!this.waitForIt) {
			return ExitCodes.OK;
		}
		BackupResponse backup = client.getBackup(this.id);
		while (backup.verification() != null && "RUNNING".equals(backup.verification().status())) {
			Thread.sleep(Duration.ofSeconds(1).toMillis());
			backup = client.getBackup(this.id);
		}
		CliContext context = this.parent.context();
		String status = (backup.verification() != null) ? backup.verification().status() : "UNKNOWN";
		String detail = (backup.verification() != null) ? backup.verification().detail() : null;
		if (!"PASSED".equals(status)) {
			throw new CliException(ExitCodes.FAILED,
					"Verification of backup " + this.id + " " + status + ((detail != null) ? ": " + detail : ""));
		}
		context.out().println("Verification of backup " + this.id + " PASSED: " + detail);
		return ExitCodes.OK;
	}

}
