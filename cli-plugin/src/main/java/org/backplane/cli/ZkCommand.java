package org.backplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.curator.framework.CuratorFramework;
import org.backplane.zookeeper.ZooKeeperBackup;
import org.backplane.zookeeper.ZooKeeperClients;
import org.backplane.zookeeper.ZooKeeperException;
import org.backplane.zookeeper.ZooKeeperRestore;
import org.backplane.zookeeper.ZooKeeperRestorePolicy;
import org.backplane.zookeeper.ZooKeeperRestoreRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dcos backup zk backup|restore}: standalone ZooKeeper mode for when the service
 * itself is down. Talks to ZooKeeper directly and writes or reads the same tar format as
 * the service's ZooKeeper source (the shared {@code backplane-zookeeper} library), so an
 * artifact made one way restores the other way.
 */
@Command(name = "zk", usageHelpAutoWidth = true,
		description = "Back up or restore a ZooKeeper subtree directly, without the service.",
		subcommands = { ZkCommand.Backup.class, ZkCommand.Restore.class })
class ZkCommand implements Runnable {

	@ParentCommand
	private DcosBackup parent;

	@picocli.CommandLine.Spec
	private picocli.CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		this.spec.commandLine().usage(this.parent.context().out());
	}

	static Path file(String location, String option) {
		if (location.startsWith("file:")) {
			URI uri = URI.create(location);
			if (uri.getPath() == null) {
				throw new CliException(ExitCodes.USAGE, "Invalid " + option + " '" + location + "': use file:///path");
			}
			return Path.of(uri.getPath());
		}
		if (location.contains("://")) {
			throw new CliException(ExitCodes.USAGE, "Unsupported " + option + " '" + location
					+ "': standalone mode reads and writes local files (file:///path)");
		}
		return Path.of(location);
	}

	static int fail(IOException ex) {
		if (ex instanceof ZooKeeperRestoreRefusedException) {
			throw new CliException(ExitCodes.CONFLICT, ex.getMessage());
		}
		if (ex instanceof ZooKeeperException) {
			throw new CliException(ExitCodes.OTHER, ex.getMessage());
		}
		throw new CliException(ExitCodes.UNREACHABLE, ex.getMessage());
	}

	/**
	 * {@code zk backup --zk <connect> --path
	 *
	<p>
	 *  --output file:///x.tar.gz}.
	 */
	@Command(name = "backup", usageHelpAutoWidth = true, sortOptions = false,
			description = "Write a ZooKeeper subtree to a tar (gzip when the name ends in .gz), as the service does.")
	static class Backup implements Callable<Integer> {

		@ParentCommand
		private ZkCommand zk;

		@Option(names = "--zk", required = true, paramLabel = "<connect>",
				description = "ZooKeeper connect string, e.g. 127.0.0.1:2181.")
		private String connect;

		@Option(names = "--path", required = true, paramLabel = "<path>",
				description = "Subtree to back up, e.g. /marathon.")
		private String path;

		@Option(names = "--exclude", paramLabel = "<path>", description = "Subtree to leave out (repeatable).")
		private List<String> excludes;

		@Option(names = "--output", required = true, paramLabel = "<file>",
				description = "Where to write: file:///x.tar.gz or a path; must not exist.")
		private String output;

		@Override
		public Integer call() {
			Path target = file(this.output, "--output");
			if (Files.exists(target)) {
				throw new CliException(ExitCodes.USAGE, target + " already exists: choose another --output");
			}
			boolean gzip = target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
			Path partial = target.resolveSibling(target.getFileName() + ".partial");
			try (CuratorFramework client = ZooKeeperClients.connect(ZooKeeperClients.Settings.of(this.connect))) {
				ZooKeeperBackup.Result result;
				try (OutputStream out = Files.newOutputStream(partial)) {
					result = ZooKeeperBackup.write(client,
							ZooKeeperBackup.Options.of(this.path, this.excludes).withGzip(gzip), out, null);
				}
				// Published only when complete: an interrupted backup leaves no archive
				// under the final name
				Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
				this.zk.parent.context()
					.out()
					.println("Backed up " + result.znodes() + " znodes (" + Output.size(result.dataBytes())
							+ " of data) from " + this.path + " to " + target);
				return ExitCodes.OK;
			}
			catch (IOException ex) {
				return fail(ex);
			}
			finally {
				try {
					Files.deleteIfExists(partial);
				}
				catch (IOException ex) {
					// best effort
				}
			}
		}

	}

	/**
	 * {@code zk restore --zk <connect> --path
	 *
	<p>
	 *  --input file:///x.tar.gz [--policy=...]}.
	 */
	@Command(name = "restore", usageHelpAutoWidth = true, sortOptions = false,
			description = "Restore a ZooKeeper subtree from a tar made by 'zk backup' or by the service.")
	static class Restore implements Callable<Integer> {

		@ParentCommand
		private ZkCommand zk;

		@Option(names = "--zk", required = true, paramLabel = "<connect>", description = "ZooKeeper connect string.")
		private String connect;

		@Option(names = "--path", required = true, paramLabel = "<path>", description = "Where to restore the subtree.")
		private String path;

		@Option(names = "--input", required = true, paramLabel = "<file>",
				description = "The archive: file:///x.tar.gz or a path.")
		private String input;

		@Option(names = "--policy", defaultValue = "fail-if-exists", paramLabel = "fail-if-exists|overwrite",
				description = "Refuse when the target holds data (default) or replace the subtree.")
		private String policy;

		@Override
		public Integer call() {
			ZooKeeperRestorePolicy restorePolicy = switch (this.policy) {
				case "fail-if-exists" -> ZooKeeperRestorePolicy.FAIL_IF_EXISTS;
				case "overwrite" -> ZooKeeperRestorePolicy.OVERWRITE;
				default -> throw new CliException(ExitCodes.USAGE,
						"Invalid --policy '" + this.policy + "': use fail-if-exists or overwrite");
			};
			Path source = file(this.input, "--input");
			if (!Files.isReadable(source)) {
				throw new CliException(ExitCodes.USAGE, "Cannot read " + source + ": check --input");
			}
			try (CuratorFramework client = ZooKeeperClients.connect(ZooKeeperClients.Settings.of(this.connect));
					InputStream in = Files.newInputStream(source)) {
				ZooKeeperRestore.Result result = ZooKeeperRestore.read(client, in,
						ZooKeeperRestore.Options.of(restorePolicy).withTargetPath(this.path), null);
				this.zk.parent.context()
					.out()
					.println("Restored " + result.znodes() + " znodes (" + Output.size(result.dataBytes())
							+ " of data) to " + result.targetPath() + " from " + source);
				return ExitCodes.OK;
			}
			catch (IOException ex) {
				return fail(ex);
			}
		}

	}

}
