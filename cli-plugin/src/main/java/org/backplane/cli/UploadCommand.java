package org.backplane.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.backplane.client.model.BackupResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup upload <file> [--storage-location <name>]}: uploads a tar written by
 * {@code download} into this cluster's catalogue and storage, with progress. The service
 * checks every artifact against the manifest before the backup becomes READY. Needs the
 * admin role.
 */
@Command(name = "upload", usageHelpAutoWidth = true, sortOptions = false,
		description = "Upload a backup file saved with 'download' (from this or another cluster). Needs admin.")
class UploadCommand implements Callable<Integer> {

	@ParentCommand
	private DcosBackup parent;

	@Option(names = "--storage-location", paramLabel = "<name>",
			description = "The storage location to keep it in; default the service's default location.")
	private String storageLocation;

	@Parameters(paramLabel = "<file>", description = "The tar file.")
	private Path file;

	@Override
	public Integer call() {
		CliContext context = this.parent.context();
		if (!Files.isRegularFile(this.file)) {
			throw new CliException(ExitCodes.USAGE, "Not uploaded: " + this.file + " is not a file");
		}
		long size;
		try {
			size = Files.size(this.file);
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.OTHER, "Cannot read " + this.file + ": " + ex.getMessage());
		}
		TransferProgress progress = new TransferProgress(context, "Uploading", size);
		BackupResponse backup;
		try {
			backup = this.parent.client().uploadArchive(this.file, this.storageLocation, progress);
		}
		finally {
			progress.finish();
		}
		context.out().println("Uploaded backup " + backup.id() + " (" + backup.status().name() + ")");
		return ExitCodes.OK;
	}

}
