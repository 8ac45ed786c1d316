package org.backplane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.BackplaneUnreachableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code dcos-backup}: the {@code backup} noun of the DC/OS CLI, and a standalone CLI for
 * Backplane. The DC/OS CLI runs it as {@code dcos-backup backup <verb> ...}; the leading
 * {@code backup} is optional.
 */
@Command(name = "dcos-backup", usageHelpAutoWidth = true, sortOptions = false,
		header = "Back up and restore cluster state with Backplane.",
		description = { "",
				"Talks to --url, else to DCOS_URL/DCOS_ACS_TOKEN (set by the DC/OS CLI), else to the attached "
						+ "cluster in <DCOS_DIR or ~/.dcos>/clusters/<id>/dcos.toml (DCOS_CLUSTER picks another one).",
				"" },
		versionProvider = DcosBackup.Version.class,
		subcommands = { CreateCommand.class, ListCommand.class, ShowCommand.class, DeleteCommand.class,
				RestoreCommand.class, DownloadCommand.class, UploadCommand.class, VerifyCommand.class,
				ScheduleCommand.class, PlanCommand.class, MirrorCommand.class, ZkCommand.class })
public final class DcosBackup implements Runnable {

	/** The line {@code --info} prints; the DC/OS CLI shows it in {@code dcos help}. */
	static final String INFO = "Back up and restore cluster state with Backplane";

	@Spec
	private CommandSpec spec;

	@Option(names = "--info", description = "Print a one-line description of this command and exit.")
	private boolean info;

	@Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
	private boolean version;

	@Option(names = { "-h", "--help" }, usageHelp = true, scope = ScopeType.INHERIT,
			description = "Show this help and exit.")
	private boolean help;

	@Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "<url>",
			description = "Backplane's URL, e.g. http://127.0.0.1:8080; overrides DCOS_URL and dcos.toml.")
	private String url;

	@Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "<token>",
			description = "Token to send; with --url as 'Bearer <token>', else as 'token=<token>'.")
	private String token;

	@Option(names = "--auth-scheme", scope = ScopeType.INHERIT, paramLabel = "token|bearer",
			converter = AuthSchemeConverter.class,
			description = "How to send the token: token (Authorization: token=..., DC/OS) or bearer.")
	private Cluster.AuthScheme authScheme;

	@Option(names = "--insecure", scope = ScopeType.INHERIT,
			description = "Skip TLS certificate verification (test clusters only); overrides DCOS_TLS_INSECURE.")
	private boolean insecure;

	@Option(names = "--ca-path", scope = ScopeType.INHERIT, paramLabel = "<pem>",
			description = "Trust the CA certificates in this PEM file; overrides DCOS_TLS_CA_PATH.")
	private Path caPath;

	@Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "<seconds>", defaultValue = "60",
			description = "Seconds to wait for each answer of the service (default: ${DEFAULT-VALUE}).")
	private int timeoutSeconds;

	@Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
	private boolean verbose;

	private final CliContext context;

	private Cluster cluster;

	private BackplaneClient client;

	DcosBackup(CliContext context) {
		this.context = context;
	}

	/**
	 * Runs the CLI and exits with its exit code.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		int code;
		try {
			code = run(CliContext.system(), args);
		}
		catch (RuntimeException ex) {
			// A bug in the CLI itself: one line unless asked for more
			System.err.println("Error: Unexpected failure: " + ex);
			if (Arrays.asList(args).contains("--verbose")) {
				ex.printStackTrace();
			}
			code = ExitCodes.OTHER;
		}
		System.exit(code);
	}

	/**
	 * Runs the CLI.
	 * @param context where to read and write
	 * @param args the command line, optionally starting with the noun {@code backup}
	 * @return the exit code, one of {@link ExitCodes}
	 */
	static int run(CliContext context, String... args) {
		String[] arguments = (args.length > 0 && args[0].equals("backup")) ? Arrays.copyOfRange(args, 1, args.length)
				: args;
		DcosBackup root = new DcosBackup(context);
		CommandLine commandLine = new CommandLine(root);
		commandLine.setOut(context.out());
		commandLine.setErr(context.err());
		commandLine.setExecutionExceptionHandler((ex, cl, parsed) -> root.report(ex, cl.getCommandName()));
		commandLine.setParameterExceptionHandler(DcosBackup::reportUsage);
		commandLine.getCommandSpec()
			.usageMessage()
			.exitCodeListHeading("%nExit codes:%n")
			.exitCodeList(ExitCodes.help());
		for (CommandLine sub : commandLine.getSubcommands().values()) {
			sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.help());
		}
		int code = commandLine.execute(arguments);
		context.out().flush();
		context.err().flush();
		return code;
	}

	@Override
	public void run() {
		if (this.info) {
			this.context.out().println(INFO);
			return;
		}
		this.spec.commandLine().usage(this.context.out());
	}

	/**
	 * The client for the discovered cluster, made once.
	 * @return the client
	 */
	BackplaneClient client() {
		if (this.client == null) {
			this.cluster = ClusterDiscovery.discover(this.context, new ConnectionOptions(this.url, this.token,
					this.authScheme, this.insecure, this.caPath, Duration.ofSeconds(Math.max(1, this.timeoutSeconds))));
			try {
				this.client = this.cluster.client(Duration.ofSeconds(Math.max(1, this.timeoutSeconds)));
			}
			catch (IllegalArgumentException ex) {
				throw new CliException(ExitCodes.USAGE, ex.getMessage());
			}
		}
		return this.client;
	}

	/**
	 * @return the world
	 */
	CliContext context() {
		return this.context;
	}

	/**
	 * A command line for a message to suggest, as the user runs this CLI:
	 * {@code dcos backup show <id>} under the DC/OS CLI, {@code dcos-backup show <id>}
	 * when run directly, with {@code --url=<url>} when that is how it found the service
	 * (never the token).
	 * @param verb the subcommand, e.g. {@code list}
	 * @param arguments its arguments, e.g. an id
	 * @return the command line
	 */
	String suggest(String verb, String... arguments) {
		StringBuilder line = new StringBuilder(this.context.commandName()).append(' ').append(verb);
		if (this.url != null && !this.context.viaDcosCli()) {
			line.append(" --url=").append(this.url);
		}
		for (String argument : arguments) {
			line.append(' ').append(argument);
		}
		return line.toString();
	}

	private int report(Exception ex, String command) {
		PrintWriter err = this.context.err();
		int code;
		String message;
		if (ex instanceof CliException cli) {
			code = cli.getExitCode();
			message = cli.getMessage();
		}
		else if (ex instanceof BackplaneApiException api) {
			code = ExitCodes.of(api.getKind());
			message = describe(api, command);
		}
		else if (ex instanceof BackplaneUnreachableException unreachable) {
			code = ExitCodes.UNREACHABLE;
			message = unreachable.getMessage()
					+ ". Check the URL (--url, DCOS_URL or the cluster's dcos.toml) and that Backplane is running";
		}
		else {
			code = ExitCodes.OTHER;
			message = "Unexpected failure: " + ex + ((this.verbose) ? "" : " (rerun with --verbose for details)");
		}
		if (message != null) {
			err.println("Error: " + message);
		}
		if (this.verbose) {
			StringWriter trace = new StringWriter();
			ex.printStackTrace(new PrintWriter(trace));
			err.print(trace);
		}
		err.flush();
		return code;
	}

	private String describe(BackplaneApiException ex, String command) {
		String at = (this.client != null) ? " at " + this.client.getBaseUri() : "";
		String reason = ex.getReason();
		return switch (ex.getKind()) {
			case UNAUTHENTICATED -> unauthenticated();
			case FORBIDDEN -> forbidden(ex, command);
			case NOT_FOUND -> ex.isMissingRoute()
					? "No Backplane API" + at + " (HTTP 404): check the URL and that Backplane is installed there"
					: sentence(withoutListHint(reason)) + " Run '" + suggest("list") + "' to see the backups";
			case CONFLICT -> sentence(reason) + " Run '" + suggest("list") + "' to see what is running, then retry";
			case INVALID -> reason;
			case UNAVAILABLE ->
				"Backplane is unavailable (HTTP " + ex.getStatus() + ")" + at + ": " + reason + ". Retry later";
			case OTHER -> "Unexpected answer (HTTP " + ex.getStatus() + ")" + at + ": " + reason;
		};
	}

	/**
	 * The line for a 401: whether a token was sent, and how to get a valid one.
	 * @return e.g. {@code not logged in or the token expired: run 'dcos auth login'
	 * (401)}
	 */
	private String unauthenticated() {
		boolean sentToken = this.cluster != null && this.cluster.token() != null;
		boolean fromUrlOption = this.cluster != null && "--url".equals(this.cluster.origin());
		return (sentToken ? "not logged in or the token expired" : "not logged in (no token was sent)") + ": "
				+ (fromUrlOption ? "pass a valid --token" : "run 'dcos auth login'") + " (401)";
	}

	/**
	 * The line for a 403: the service's own reason when it gave one (it names what needs
	 * which role), else the role the problem names, else what the command was doing.
	 * @param ex the refusal
	 * @param command the subcommand that ran, e.g. {@code delete}
	 * @return e.g. {@code forbidden: deleting a backup needs the admin role (403)}
	 */
	private static String forbidden(BackplaneApiException ex, String command) {
		String reason = (ex.getDetail() != null && !ex.getDetail().isBlank()) ? ex.getDetail()
				: String.join("; ", ex.getErrors());
		reason = reason.strip().replaceFirst("(?i)^forbidden\\s*:?\\s*", "").strip();
		while (reason.endsWith(".")) {
			reason = reason.substring(0, reason.length() - 1).strip();
		}
		if (!reason.isEmpty()) {
			return "forbidden: " + reason + " (403)";
		}
		String action = switch (command) {
			case "create" -> "creating a backup";
			case "delete" -> "deleting a backup";
			case "restore" -> "restoring a backup";
			case "list" -> "listing backups";
			case "show" -> "reading a backup";
			default -> "this command";
		};
		return ex.requiredRole()
			.map((role) -> "forbidden: " + action + " needs the " + role + " role (403)")
			.orElse("forbidden: " + action
					+ " is not allowed for this account: ask your administrator for access to the backup service (403)");
	}

	/**
	 * The service's reason for a 404 without its own hint to list the backups (e.g.
	 * {@code No backup with id x: list backups to find its id}), which the CLI replaces
	 * with the command to run, so the message does not say it twice.
	 * @param reason the service's reason
	 * @return the reason without the hint
	 */
	static String withoutListHint(String reason) {
		String stripped = reason.strip().replaceFirst("(?i)\\s*[:;,.]\\s*list (the )?backups\\b.*$", "");
		return stripped.isEmpty() ? reason : stripped;
	}

	private static String sentence(String text) {
		String trimmed = text.strip();
		return (trimmed.endsWith(".") || trimmed.endsWith("!") || trimmed.endsWith("?")) ? trimmed : trimmed + ".";
	}

	private static int reportUsage(CommandLine.ParameterException ex, String[] args) {
		CommandLine commandLine = ex.getCommandLine();
		PrintWriter err = commandLine.getErr();
		err.println("Error: " + ex.getMessage());
		CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
		String name = commandLine.getCommandSpec().qualifiedName(" ");
		if (commandLine.getCommandSpec().root().userObject() instanceof DcosBackup root) {
			name = name.replaceFirst("^dcos-backup", root.context().commandName());
		}
		err.println("Run '" + name + " --help' for usage.");
		err.flush();
		return ExitCodes.USAGE;
	}

	/**
	 * The version from the build ({@code version.properties}).
	 */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { "dcos-backup version " + version() };
		}

		static String version() {
			try (InputStream in = DcosBackup.class.getResourceAsStream("version.properties")) {
				if (in != null) {
					Properties properties = new Properties();
					properties.load(in);
					return properties.getProperty("version", "unknown");
				}
			}
			catch (IOException ex) {
				// fall through
			}
			return "unknown";
		}

	}

	/**
	 * {@code token} or {@code bearer}, any case.
	 */
	static final class AuthSchemeConverter implements CommandLine.ITypeConverter<Cluster.AuthScheme> {

		@Override
		public Cluster.AuthScheme convert(String value) {
			return switch (value.toLowerCase(java.util.Locale.ROOT)) {
				case "token" -> Cluster.AuthScheme.TOKEN;
				case "bearer" -> Cluster.AuthScheme.BEARER;
				default -> throw new CommandLine.TypeConversionException(
						"'" + value + "' is not an auth scheme: use token or bearer");
			};
		}

	}

}
