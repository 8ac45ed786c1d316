package org.backplane.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import org.backplane.client.BackplaneClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup download <id> [-o <file>]}: saves a backup as one tar file (its
 * manifest, then its artifacts, each checked while it streams), with progress. The file
 * appears under its name only once complete ({@code <file>.part} meanwhile). Needs the
 * admin role.
 */
@Command(name = "download", usageHelpAutoWidth = true, sortOptions = false,
		description = "Save a backup as one tar file (to upload into another cluster with 'upload'). Needs admin.")
class DownloadCommand implements Callable<Integer> {

	@ParentCommand
	private DcosBackup parent;

	@Option(names = { "--output", "-o" }, paramLabel = "<file>",
			description = "Where to save it; default <id>.tar in the current directory. An existing file is refused.")
	private Path output;

	@Parameters(paramLabel = "<id>", description = "The backup's id.")
	private String id;

	@Override
	public Integer call() {
		CliContext context = this.parent.context();
		Path file = (this.output != null) ? this.output : Path.of(this.id + ".tar");
		if (Files.exists(file)) {
			throw new CliException(ExitCodes.USAGE, "Not downloaded: " + file + " exists; choose another file with -o");
		}
		BackplaneClient client = this.parent.client();
		long expected = client.getBackup(this.id).sizeBytes();
		Path partial = file.resolveSibling(file.getFileName() + ".part");
		TransferProgress progress = new TransferProgress(context, "Downloading", expected);
		boolean done = false;
		try (OutputStream out = Files.newOutputStream(partial)) {
			long size = client.downloadArchive(this.id, out, progress);
			out.close();
			progress.finish();
			Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
			done = true;
			context.out().println("Downloaded backup " + this.id + " to " + file + " (" + Output.size(size) + ")");
			return ExitCodes.OK;
		}
		catch (IOException ex) {
			throw new CliException(ExitCodes.OTHER, "Cannot write " + file + ": " + ex.getMessage());
		}
		finally {
			if (!done) {
				progress.finish();
				try {
					Files.deleteIfExists(partial);
				}
				catch (IOException ex) {
					// nothing more to do
				}
			}
		}
	}

}
