package org.backplane.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI run in this JVM: argument handling, and how each class of HTTP error maps to
 * one {@code Error:} line and its exit code (statuses from the JDK's HTTP server, see
 * {@link StatusServer}).
 */
class DcosBackupTests {

	private static final String DCOS = "/system/v1/backup/v1/";

	private static final String ID = "nightly-5b0f2a9e-6a8e-4c47-9a70-1c2d3e4f5a6b";

	@TempDir
	Path home;

	private StatusServer server;

	private final Map<String, String> env = new HashMap<>();

	@BeforeEach
	void start() throws IOException {
		this.server = new StatusServer();
		this.env.put("DCOS_DIR", this.home.resolve("no-dcos").toString());
		this.env.put("DCOS_URL", this.server.url());
		this.env.put("DCOS_ACS_TOKEN", "secret-token");
		// as the DC/OS CLI sets it for the plugins it runs (tests of the standalone CLI
		// remove it)
		this.env.put(CliContext.DCOS_CLI_EXECUTABLE_PATH, "/usr/local/bin/dcos");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private TestContexts cli() {
		return new TestContexts(this.env, this.home, false);
	}

	@Test
	void infoPrintsOneLineWithOrWithoutTheLeadingNoun() {
		TestContexts cli = cli();
		assertThat(cli.run("backup", "--info")).isZero();
		assertThat(cli.run("--info")).isZero();
		assertThat(cli.out()).isEqualTo(DcosBackup.INFO + "\n" + DcosBackup.INFO + "\n");
		assertThat(cli.err()).isEmpty();
	}

	@Test
	void versionPrintsTheBuildVersion() {
		TestContexts cli = cli();
		assertThat(cli.run("backup", "--version")).isZero();
		assertThat(cli.out()).startsWith("dcos-backup version ").doesNotContain("@").doesNotContain("unknown");
	}

	@Test
	void helpListsTheExitCodes() {
		TestContexts cli = cli();
		assertThat(cli.run("backup", "create", "--help")).isZero();
		assertThat(cli.out()).contains("Exit codes:")
			.contains("  3   service unreachable")
			.contains("  7   busy or in use")
			.contains("130   with --wait: interrupted (Ctrl-C); the backup or restore goes on");
	}

	@Test
	void createPrintsNothingAndSendsTheDcosTokenAsTokenEquals() {
		this.server.answer(DCOS + "create", 200,
				"{\"backup_info\":{\"id\":\"" + ID + "\",\"status\":\"STATUS_BACKING_UP\"}}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "create", "--label=nightly")).isZero();
		assertThat(cli.out()).isEmpty();
		assertThat(cli.err()).isEmpty();
		assertThat(this.server.requests).containsExactly("POST " + DCOS + "create");
		assertThat(this.server.authorizations).containsExactly("token=secret-token");
	}

	@Test
	void urlAndTokenOptionsSendABearerToken() {
		this.server.answer(DCOS + "list", 200, "{}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "list", "--url=" + this.server.url(), "--token=mine")).isZero();
		assertThat(cli.out()).isEqualTo("BACKUP ID  VERSION  STATUS  TIMESTAMP\n");
		assertThat(this.server.authorizations).containsExactly("Bearer mine");
	}

	@Test
	void listWithPrefixAsksForThePrefix() {
		this.server.answer(DCOS + "list", 200, "{}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "list", "--json", "night ly")).isZero();
		assertThat(cli.out()).isEqualTo("[]\n");
		assertThat(this.server.requests).containsExactly("GET " + DCOS + "list?prefix=night%20ly");
	}

	@Test
	void badLabelIsExit8WithTheServicesMessage() {
		this.server.answer(DCOS + "create", 400,
				"{\"errors\":[\"Invalid label 'a': use 3-25 characters matching ^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*$\"]}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "create", "--label=a")).isEqualTo(ExitCodes.INVALID);
		assertThat(cli.out()).isEmpty();
		assertThat(cli.err()).isEqualTo(
				"Error: Invalid label 'a': use 3-25 characters matching ^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*$\n");
	}

	@Test
	void unauthenticatedIsExit4AndSaysToLogInWhateverTheBody() {
		for (String[] answer : new String[][] { { "application/json", "{\"code\":\"ERR_INVALID_TOKEN\"}" },
				{ "application/json", "{\"errors\":[\"The token expired\"]}" },
				{ "application/problem+json",
						"{\"type\":\"https://backplane.dev/problems/unauthenticated\",\"title\":\"Unauthenticated\","
								+ "\"status\":401,\"detail\":\"The token expired\"}" },
				{ "text/html", "<html>401 Authorization Required</html>" } }) {
			this.server.answer(DCOS + "list", 401, answer[0], answer[1]);
			TestContexts cli = cli();
			assertThat(cli.run("backup", "list")).as(answer[1]).isEqualTo(ExitCodes.UNAUTHENTICATED);
			assertThat(cli.err()).as(answer[1])
				.isEqualTo("Error: not logged in or the token expired: run 'dcos auth login' (401)\n");
		}
		assertThat(this.server.authorizations).containsOnly("token=secret-token");
	}

	@Test
	void unauthenticatedWithoutATokenSaysNoneWasSentAndWithUrlAsksForAToken() {
		this.server.answer(DCOS + "list", 401, "{\"errors\":[\"Log in first\"]}");
		this.env.remove("DCOS_ACS_TOKEN");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "list")).isEqualTo(ExitCodes.UNAUTHENTICATED);
		assertThat(cli.err()).isEqualTo("Error: not logged in (no token was sent): run 'dcos auth login' (401)\n");
		TestContexts withUrl = cli();
		assertThat(withUrl.run("backup", "list", "--url=" + this.server.url(), "--token=stale"))
			.isEqualTo(ExitCodes.UNAUTHENTICATED);
		assertThat(withUrl.err()).isEqualTo("Error: not logged in or the token expired: pass a valid --token (401)\n");
		assertThat(this.server.authorizations).containsExactly("<none>", "Bearer stale");
	}

	@Test
	void forbiddenIsExit5WithTheServicesReasonInBothFormats() {
		String reason = "Forbidden: deleting a backup needs the admin role; bob is operator";
		this.server.answer(DCOS + "delete", 403, "{\"errors\":[\"" + reason + "\"]}");
		TestContexts dcos = cli();
		assertThat(dcos.run("backup", "delete", "--yes", ID)).isEqualTo(ExitCodes.FORBIDDEN);
		assertThat(dcos.err())
			.isEqualTo("Error: forbidden: deleting a backup needs the admin role; bob is operator (403)\n");
		this.server.answer("/system/v1/backup/api/v1/backups/" + ID, 403, "application/problem+json",
				"{\"type\":\"https://backplane.dev/problems/role-required\",\"title\":\"Role required\","
						+ "\"status\":403,\"detail\":\"Forbidden: reading a backup needs the viewer role; "
						+ "nobody is none\",\"requiredRole\":\"viewer\"}");
		TestContexts problem = cli();
		assertThat(problem.run("backup", "show", ID)).isEqualTo(ExitCodes.FORBIDDEN);
		assertThat(problem.err())
			.isEqualTo("Error: forbidden: reading a backup needs the viewer role; nobody is none (403)\n");
	}

	@Test
	void forbiddenWithoutAReasonNamesTheRequiredRoleOrTheAction() {
		this.server.answer("/system/v1/backup/api/v1/backups/" + ID, 403, "application/problem+json",
				"{\"type\":\"https://backplane.dev/problems/role-required\",\"title\":\"Forbidden\","
						+ "\"status\":403,\"requiredRole\":\"admin\"}");
		TestContexts role = cli();
		assertThat(role.run("backup", "show", ID)).isEqualTo(ExitCodes.FORBIDDEN);
		assertThat(role.err()).isEqualTo("Error: forbidden: reading a backup needs the admin role (403)\n");
		this.server.answer(DCOS + "delete", 403, "text/html", "<html>403 Forbidden</html>");
		TestContexts bare = cli();
		assertThat(bare.run("backup", "delete", "--yes", ID)).isEqualTo(ExitCodes.FORBIDDEN);
		assertThat(bare.err()).isEqualTo("Error: forbidden: deleting a backup is not allowed for this account: "
				+ "ask your administrator for access to the backup service (403)\n");
	}

	@Test
	void unknownBackupIsExit6() {
		this.server.answer(DCOS + "delete", 404, "{\"errors\":[\"No backup 'nope-1'\"]}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "delete", "nope-1")).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(cli.err()).isEqualTo("Error: No backup 'nope-1'. Run 'dcos backup list' to see the backups\n");
	}

	@Test // GH-20
	void notFoundSaysHowToListTheBackupsOnce() {
		// the service's own reason ends with its own hint, which the CLI replaces
		this.server.problem("/system/v1/backup/api/v1/backups/nope-1", 404,
				"https://backplane.dev/problems/backup-not-found", "Backup not found",
				"No backup with id nope-1: list backups to find its id");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "show", "nope-1")).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(cli.err()).isEqualTo("Error: No backup with id nope-1. Run 'dcos backup list' to see the backups\n");
	}

	@Test // GH-20
	void standaloneMessagesNameTheStandaloneCommand() {
		this.env.remove(CliContext.DCOS_CLI_EXECUTABLE_PATH);
		this.server.problem("/api/v1/backups/nope-1", 404, "https://backplane.dev/problems/backup-not-found",
				"Backup not found", "No backup with id nope-1: list backups to find its id");
		TestContexts cli = cli();
		assertThat(cli.run("show", "--url=" + this.server.url(), "nope-1")).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(cli.err()).isEqualTo("Error: No backup with id nope-1. Run 'dcos-backup list --url="
				+ this.server.url() + "' to see the backups\n");
		TestContexts usage = cli();
		assertThat(usage.run("create")).isEqualTo(ExitCodes.USAGE);
		assertThat(usage.err()).contains("Run 'dcos-backup create --help' for usage.").doesNotContain("dcos backup");
	}

	@Test // GH-20
	void ctrlCWhileWaitingEndsTheBarAndSaysTheBackupGoesOn() {
		this.server.answer(DCOS + "create", 200,
				"{\"backup_info\":{\"id\":\"" + ID + "\",\"status\":\"STATUS_BACKING_UP\"}}");
		this.server.answer("/api/v1/backups/" + ID, 200, "{\"id\":\"" + ID + "\",\"status\":\"STATUS_BACKING_UP\","
				+ "\"progress\":{\"itemsDone\":1,\"itemsTotal\":4,\"bytesDone\":10,\"bytesTotal\":40}}");
		TestContexts cli = new TestContexts(this.env, this.home, true).interruptingTheFirstWait();
		cli.columns = 100;
		assertThat(cli.run("backup", "create", "--label=nightly", "--wait")).isEqualTo(ExitCodes.INTERRUPTED);
		assertThat(cli.out()).startsWith("Backup " + ID + " started\n\rBacking up [======>")
			.contains("]  25%  1/4 items  10 B/40 B  ETA ")
			.endsWith("\n");
		assertThat(cli.err()).isEqualTo("Stopped waiting: backup " + ID
				+ " goes on in the service; follow it with 'dcos backup show " + ID + "'\n");
		assertThat(cli.interruptActions).as("nothing left to run at exit").isEmpty();
	}

	@Test // GH-20
	void ctrlCWhileWaitingForARestoreSaysHowToFollowItStandalone() {
		this.env.remove(CliContext.DCOS_CLI_EXECUTABLE_PATH);
		this.server.answer(DCOS + "restore", 200,
				"{\"backup_info\":{\"id\":\"restore:r-1\",\"status\":\"STATUS_RESTORING\"}}");
		this.server.answer("/api/v1/backups/" + ID + "/restores/restore:r-1", 200,
				"{\"id\":\"restore:r-1\",\"backupId\":\"" + ID + "\",\"status\":\"STATUS_RESTORING\"}");
		TestContexts cli = cli().interruptingTheFirstWait();
		assertThat(cli.run("restore", "--wait", "--url=" + this.server.url(), ID))
			.as(() -> cli.err() + this.server.requests)
			.isEqualTo(ExitCodes.INTERRUPTED);
		assertThat(cli.out()).endsWith("\nRestoring restore:r-1  STATUS_RESTORING\n");
		assertThat(cli.err()).isEqualTo("Stopped waiting: restore restore:r-1 of backup " + ID
				+ " goes on in the service; follow it with 'dcos-backup show --url=" + this.server.url() + " " + ID
				+ "'\n");
	}

	@Test
	void busyIsExit7() {
		this.server.answer(DCOS + "restore", 409, "{\"errors\":[\"Component 'sample' is busy with backup b-1\"]}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "restore", ID)).isEqualTo(ExitCodes.CONFLICT);
		assertThat(cli.err())
			.isEqualTo("Error: Component 'sample' is busy with backup b-1. "
					+ "Run 'dcos backup list' to see what is running, then retry\n")
			.hasLineCount(1);
	}

	@Test
	void unavailableIsExit10AndServerErrorIsExit1() {
		this.server.answer(DCOS + "list", 503, "{\"errors\":[\"Storage is down\"]}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "list")).isEqualTo(ExitCodes.UNAVAILABLE);
		this.server.answer(DCOS + "list", 500, "<html>oops</html>");
		assertThat(cli.run("backup", "list")).isEqualTo(ExitCodes.OTHER);
		assertThat(cli.err()).contains("Error: Backplane is unavailable (HTTP 503)")
			.contains("Error: Unexpected answer (HTTP 500)")
			.doesNotContain("<html>");
	}

	@Test
	void unreachableIsExit3() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		TestContexts cli = cli();
		assertThat(cli.run("backup", "list", "--url=http://127.0.0.1:" + port)).isEqualTo(ExitCodes.UNREACHABLE);
		assertThat(cli.err()).startsWith("Error: Cannot reach Backplane at http://127.0.0.1:" + port)
			.contains("connection refused")
			.hasLineCount(1);
	}

	@Test
	void noStackTraceUnlessVerbose() {
		this.server.answer(DCOS + "list", 500, "{}");
		TestContexts quiet = cli();
		quiet.run("backup", "list");
		assertThat(quiet.err()).doesNotContain("\tat ");
		TestContexts verbose = cli();
		verbose.run("backup", "list", "--verbose");
		assertThat(verbose.err()).startsWith("Error: ").contains("\tat org.backplane.client.BackplaneClient");
	}

	@Test
	void usageErrorsAreExit2() {
		TestContexts cli = cli();
		assertThat(cli.run("backup", "create")).isEqualTo(ExitCodes.USAGE);
		assertThat(cli.err()).contains("Error: Missing required option: '--label=<label>'")
			.contains("Run 'dcos backup create --help' for usage.");
		assertThat(cli.run("backup", "restore", "--policy=merge", ID)).isEqualTo(ExitCodes.USAGE);
		assertThat(cli.err()).contains("Error: Invalid --policy 'merge': use fail-if-exists or overwrite");
		assertThat(this.server.requests).isEmpty();
	}

	@Test
	void restoreWithPolicyUsesTheNativeApiBehindAdminRouterOrDirectly() {
		// Not behind Admin Router: /system/v1/backup/api/v1 is no route here, /api/v1 is
		this.server.answer("/api/v1/backups/" + ID + "/restores", 202,
				"{\"id\":\"r-1\",\"backupId\":\"" + ID + "\",\"status\":\"STATUS_RESTORING\"}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "restore", "--policy=overwrite", ID)).isZero();
		assertThat(cli.out()).isEmpty();
		assertThat(this.server.requests).containsExactly("POST /system/v1/backup/api/v1/backups/" + ID + "/restores",
				"POST /api/v1/backups/" + ID + "/restores");
	}

	@Test
	void showOfUnknownBackupIsExit6FromTheNativeApi() {
		this.server.problem("/system/v1/backup/api/v1/backups/nope-1", 404,
				"https://backplane.dev/problems/backup-not-found", "Backup not found", "No backup 'nope-1'");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "show", "nope-1")).isEqualTo(ExitCodes.NOT_FOUND);
		assertThat(cli.err()).isEqualTo("Error: No backup 'nope-1'. Run 'dcos backup list' to see the backups\n");
		assertThat(this.server.requests).containsExactly("GET /system/v1/backup/api/v1/backups/nope-1");
	}

	@Test
	void deleteOnATerminalAsksFirst() {
		this.server.answer(DCOS + "delete", 200, "{}");
		TestContexts declined = new TestContexts(this.env, this.home, true).answering("n");
		assertThat(declined.run("backup", "delete", ID)).isEqualTo(ExitCodes.ABORTED);
		assertThat(declined.out()).isEqualTo("Delete backup " + ID + " and its stored artifacts? [y/N] ");
		assertThat(this.server.requests).isEmpty();
		TestContexts accepted = new TestContexts(this.env, this.home, true).answering("y");
		assertThat(accepted.run("backup", "delete", ID)).isZero();
		TestContexts yes = new TestContexts(this.env, this.home, true);
		assertThat(yes.run("backup", "delete", "--yes", ID)).isZero();
		assertThat(yes.out()).isEmpty();
		assertThat(this.server.requests).containsExactly("DELETE " + DCOS + "delete", "DELETE " + DCOS + "delete");
	}

	@Test
	void waitReportsAFailedBackupWithItsReasonAndExit9() {
		this.server.answer(DCOS + "create", 200,
				"{\"backup_info\":{\"id\":\"" + ID + "\",\"status\":\"STATUS_BACKING_UP\"}}");
		this.server.answer("/api/v1/backups/" + ID, 200, "{\"id\":\"" + ID + "\",\"status\":\"STATUS_ERROR\","
				+ "\"errorReason\":\"sample: disk full\",\"progress\":{\"itemsDone\":1,\"itemsTotal\":4,\"bytesDone\":10,\"bytesTotal\":40}}");
		TestContexts cli = cli();
		int code = cli.run("backup", "create", "--label=nightly", "--wait");
		assertThat(code).as(cli::err).isEqualTo(ExitCodes.FAILED);
		assertThat(cli.out())
			.isEqualTo("Backup " + ID + " started\nBacking up " + ID + "  STATUS_ERROR  25%  1/4 items  10 B/40 B\n");
		assertThat(cli.err()).startsWith("Error: Backup " + ID + " failed: sample: disk full.").hasLineCount(1);
	}

	@Test
	void parametersGoWithCreateRestoreAndDeleteAndBareKeysComeFromTheEnvironment() {
		this.env.put("AWS_SECRET_ACCESS_KEY", "s3cr3t-from-env");
		this.server.answer(DCOS + "create", 200,
				"{\"backup_info\":{\"id\":\"" + ID + "\",\"status\":\"STATUS_BACKING_UP\"}}");
		this.server.answer(DCOS + "restore", 200, "{\"backup_info\":{\"id\":\"r-1\",\"status\":\"STATUS_RESTORING\"}}");
		this.server.answer(DCOS + "delete", 200, "{}");
		this.server.answer("/api/v1/backups/" + ID + "/restores", 202,
				"{\"id\":\"r-2\",\"backupId\":\"" + ID + "\",\"status\":\"STATUS_RESTORING\"}");
		TestContexts cli = cli();
		assertThat(cli.run("backup", "create", "--label=nightly", "--parameter", "AWS_ACCESS_KEY_ID=AKIAEXAMPLE", "-p",
				"AWS_SECRET_ACCESS_KEY", "-p", "S3_BUCKET_NAME=other=bucket"))
			.isZero();
		assertThat(cli.run("backup", "restore", "-p", "AWS_SECRET_ACCESS_KEY", ID)).isZero();
		assertThat(cli.run("backup", "restore", "--policy=overwrite", "-p", "AWS_SECRET_ACCESS_KEY", ID)).isZero();
		assertThat(cli.run("backup", "delete", "--yes", "-p", "AWS_SECRET_ACCESS_KEY=given", ID)).isZero();
		Map<String, Object> secret = Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t-from-env");
		Map<String, Object> nativeRestore = new HashMap<>();
		nativeRestore.put("components", null);
		nativeRestore.put("policy", "overwrite");
		nativeRestore.put("targetPath", null);
		nativeRestore.put("parameters", secret);
		assertThat(this.server.bodies.stream().map(DcosBackupTests::json).toList()).containsExactly(
				Map.of("label", "nightly", "parameters",
						Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3cr3t-from-env",
								"S3_BUCKET_NAME", "other=bucket")),
				Map.of("id", ID, "parameters", secret),
				// --policy goes to the native API: behind Admin Router first (no route
				// here), then directly
				nativeRestore, nativeRestore, Map.of("id", ID, "parameters", Map.of("AWS_SECRET_ACCESS_KEY", "given")));
		assertThat(cli.out() + cli.err()).doesNotContain("s3cr3t").doesNotContain("AKIAEXAMPLE");
	}

	@Test
	void withoutParametersNoneAreSent() {
		this.server.answer(DCOS + "create", 200,
				"{\"backup_info\":{\"id\":\"" + ID + "\",\"status\":\"STATUS_BACKING_UP\"}}");
		assertThat(cli().run("backup", "create", "--label=nightly")).isZero();
		assertThat(this.server.bodies.stream().map(DcosBackupTests::json).toList())
			.containsExactly(Map.of("label", "nightly"));
	}

	@Test
	void aBareParameterWithoutItsEnvironmentVariableIsAUsageErrorAndSendsNothing() {
		TestContexts cli = cli();
		assertThat(cli.run("backup", "create", "--label=nightly", "-p", "AZURE_STORAGE_KEY"))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(cli.err()).isEqualTo("Error: --parameter AZURE_STORAGE_KEY: the environment variable "
				+ "AZURE_STORAGE_KEY is not set; set it, or give --parameter AZURE_STORAGE_KEY=VALUE\n");
		TestContexts twice = cli();
		assertThat(twice.run("backup", "delete", "--yes", "-p", "CLIENT_SECRET=a", "-p", "CLIENT_SECRET=b", ID))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(twice.err()).isEqualTo("Error: --parameter CLIENT_SECRET is given twice\n");
		TestContexts empty = cli();
		assertThat(empty.run("backup", "restore", "-p", "=value", ID)).isEqualTo(ExitCodes.USAGE);
		assertThat(empty.err()).startsWith("Error: Invalid --parameter: give KEY=VALUE").doesNotContain("value\n");
		assertThat(this.server.requests).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> json(String body) {
		return JsonMapper.builder().build().readValue(body, Map.class);
	}

}
