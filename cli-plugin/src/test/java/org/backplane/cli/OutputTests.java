package org.backplane.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosComponentStatus;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.BackupStorage;
import org.backplane.client.model.ComponentResult;
import org.backplane.client.model.ComponentStatus;
import org.backplane.client.model.Progress;
import org.backplane.client.model.RestoreStatus;
import org.backplane.client.model.RestoreSummary;
import org.backplane.client.model.RetentionRules;
import org.backplane.client.model.ScheduleResponse;
import org.backplane.client.model.Verification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTests {

	private static final String FIRST = "nightly-5b0f2a9e-6a8e-4c47-9a70-1c2d3e4f5a6b";

	private static final String SECOND = "pre-upgrade-0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";

	static List<DcosBackupInfo> knownBackups() {
		Map<String, DcosComponentStatus> ready = new LinkedHashMap<>();
		ready.put("marathon", new DcosComponentStatus("STATUS_READY"));
		ready.put("snapshots", new DcosComponentStatus("STATUS_READY"));
		return List.of(
				new DcosBackupInfo(FIRST, "nightly", "0.1.0", "2026-11-21T19:00:00.123456789Z", "STATUS_READY", ready,
						List.of(new DcosRestoreInfo("restore-1", "STATUS_READY",
								Map.of("marathon", new DcosComponentStatus("STATUS_READY"))))),
				new DcosBackupInfo(SECOND, "pre-upgrade", "0.1.0", "2026-11-21T18:00:00.000000001Z",
						"STATUS_BACKING_UP", Map.of("marathon", new DcosComponentStatus("STATUS_UNKNOWN")), List.of()));
	}

	@Test
	void listTableHasUpperCaseHeadingsAndTwoSpacesBetweenColumns() {
		assertThat(Output.backupTable(knownBackups())).isEqualTo(
				"""
						BACKUP ID                                         VERSION  STATUS             TIMESTAMP
						nightly-5b0f2a9e-6a8e-4c47-9a70-1c2d3e4f5a6b      0.1.0    STATUS_READY       2026-11-21T19:00:00.123456789Z
						pre-upgrade-0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5  0.1.0    STATUS_BACKING_UP  2026-11-21T18:00:00.000000001Z
						""");
	}

	@Test
	void emptyListIsHeadingsOnly() {
		assertThat(Output.backupTable(List.of())).isEqualTo("BACKUP ID  VERSION  STATUS  TIMESTAMP\n");
	}

	@Test
	void listJsonIsTheApiRecordsIndentedByTwoSpaces() {
		assertThat(Output.json(knownBackups())).isEqualTo("""
				[
				  {
				    "id": "nightly-5b0f2a9e-6a8e-4c47-9a70-1c2d3e4f5a6b",
				    "label": "nightly",
				    "dcos_version": "0.1.0",
				    "timestamp": "2026-11-21T19:00:00.123456789Z",
				    "status": "STATUS_READY",
				    "component_status": {
				      "marathon": {
				        "status": "STATUS_READY"
				      },
				      "snapshots": {
				        "status": "STATUS_READY"
				      }
				    },
				    "restores": [
				      {
				        "id": "restore-1",
				        "status": "STATUS_READY",
				        "component_status": {
				          "marathon": {
				            "status": "STATUS_READY"
				          }
				        }
				      }
				    ]
				  },
				  {
				    "id": "pre-upgrade-0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",
				    "label": "pre-upgrade",
				    "dcos_version": "0.1.0",
				    "timestamp": "2026-11-21T18:00:00.000000001Z",
				    "status": "STATUS_BACKING_UP",
				    "component_status": {
				      "marathon": {
				        "status": "STATUS_UNKNOWN"
				      }
				    },
				    "restores": []
				  }
				]
				""");
	}

	@Test
	void emptyListJsonIsAnEmptyArray() {
		assertThat(Output.json(List.of())).isEqualTo("[]\n");
	}

	@Test
	void showListsFieldsComponentsAndRestores() {
		Map<String, ComponentResult> components = new LinkedHashMap<>();
		components.put("marathon", new ComponentResult(ComponentStatus.STATUS_READY, new Progress(3, 3, 1536, 1536),
				"backups/x/marathon.tar.gz", 1536L, "ab12", null));
		components.put("snapshots", new ComponentResult(ComponentStatus.STATUS_ERROR, null, null, null, null, "disk"));
		BackupResponse backup = new BackupResponse(FIRST, "nightly", BackupStatus.STATUS_ERROR, "0.1.0",
				"default (s3://team/backups/?region=us-east-1)",
				new BackupStorage("default", "s3://team/backups/?region=us-east-1", "team-b", "http://10.0.0.5:9000"),
				Instant.parse("2026-11-21T19:00:00Z"), "alice", Instant.parse("2026-11-21T19:00:05Z"), null,
				"snapshots: disk full", 3 * 1024 * 1024, new Progress(3, 10, 1536, 3 * 1024 * 1024), components,
				List.of(new RestoreSummary("r-2", RestoreStatus.STATUS_READY, Instant.parse("2026-11-21T21:00:00Z"),
						"bob", Map.of()),
						new RestoreSummary("r-1", RestoreStatus.STATUS_READY, Instant.parse("2026-11-21T20:00:00Z"),
								null, Map.of())),
				null, false, false, 1);
		assertThat(Output.backupDetails(backup)).isEqualTo("""
				ID          nightly-5b0f2a9e-6a8e-4c47-9a70-1c2d3e4f5a6b
				LABEL       nightly
				STATUS      STATUS_ERROR
				VERSION     0.1.0
				CREATED     2026-11-21T19:00:00Z
				CREATED BY  alice
				COMPLETED   N/A
				SIZE        3.0 MiB
				PROGRESS    0%  3/10 items  1.5 KiB/3.0 MiB
				STORAGE     default (s3://team/backups/?region=us-east-1)
				BUCKET      team-b
				ENDPOINT    http://10.0.0.5:9000
				ERROR       snapshots: disk full

				COMPONENT  STATUS        SIZE     SHA-256
				marathon   STATUS_READY  1.5 KiB  ab12
				snapshots  STATUS_ERROR  N/A      N/A

				RESTORE ID  STATUS        CREATED               CREATED BY
				r-2         STATUS_READY  2026-11-21T21:00:00Z  bob
				r-1         STATUS_READY  2026-11-21T20:00:00Z  not recorded
				""");
	}

	@Test
	void showOfABackupMadeBeforeItWasRecordedSaysSoAndOfAFileBackupHasNoBucketOrEndpoint() {
		BackupResponse backup = new BackupResponse(FIRST, "nightly", BackupStatus.STATUS_READY, "0.1.0",
				"default (file:///var/lib/backplane)", new BackupStorage(
						"default", "file:///var/lib/backplane", null, null),
				Instant.parse("2026-11-21T19:00:00Z"), null, Instant.parse("2026-11-21T19:00:05Z"),
				Instant.parse("2026-11-21T19:00:05Z"), null, 0, new Progress(0, 0, 0, 0), Map.of(), List.of(),
				new Verification(Instant.parse("2026-11-22T04:00:00Z"), "full", "FAILED",
						"component files: Artifact backups/x/files.tar.gz is corrupted"),
				true, true, 1);
		assertThat(Output.backupDetails(backup)).contains("CREATED BY  not recorded\n")
			.contains("VERIFIED    FAILED (full, 2026-11-22")
			.contains("VERIFY      component files: Artifact backups/x/files.tar.gz is corrupted")
			.contains("STORAGE     default (file:///var/lib/backplane)\n")
			.contains("PINNED      yes\n")
			.doesNotContain("BUCKET")
			.doesNotContain("ENDPOINT");
	}

	@Test
	void sizesUseBinaryUnits() {
		assertThat(Output.size(0)).isEqualTo("0 B");
		assertThat(Output.size(1023)).isEqualTo("1023 B");
		assertThat(Output.size(1024)).isEqualTo("1.0 KiB");
		assertThat(Output.size(5L * 1024 * 1024 * 1024 + 512L * 1024 * 1024)).isEqualTo("5.5 GiB");
	}

	@Test
	void progressBarShowsShareItemsBytesAndEta() {
		ProgressReporter.Bar bar = new ProgressReporter.Bar(null, "Backing up", () -> 0L, 120);
		assertThat(bar.line(new Progress(5, 10, 512, 1024), Duration.ofSeconds(10)))
			.isEqualTo("Backing up [============>           ]  50%  5/10 items  512 B/1.0 KiB  ETA 0:10");
		assertThat(bar.line(null, Duration.ZERO))
			.isEqualTo("Backing up [>                       ]  0%  0/0 items  0 B/0 B  ETA --:--");
	}

	@Test
	void theBarTakesTheTerminalsWidthUnlessColumnsIsExported() {
		TestContexts terminal = new TestContexts(new HashMap<>(), Path.of("."), true);
		terminal.columns = 132;
		assertThat(ProgressReporter.columns(terminal.context)).isEqualTo(132);
		terminal.columns = 0;
		assertThat(ProgressReporter.columns(terminal.context)).as("unknown: 80").isEqualTo(80);
		TestContexts exported = new TestContexts(Map.of("COLUMNS", "100"), Path.of("."), true);
		exported.columns = 132;
		assertThat(ProgressReporter.columns(exported.context)).isEqualTo(100);
		assertThat(CliContext.parseSttySize("50 132\n")).isEqualTo(132);
		assertThat(CliContext.parseSttySize("")).isZero();
		assertThat(CliContext.parseSttySize("stty: 'standard input': Inappropriate ioctl for device")).isZero();
	}

	@Test
	void aWideTerminalShowsTheWholeBarANarrowOneCutsIt() {
		Progress progress = new Progress(5, 10, 512, 1024);
		String whole = "Backing up [============>           ]  50%  5/10 items  512 B/1.0 KiB  ETA 0:00";
		StringWriter wide = new StringWriter();
		new ProgressReporter.Bar(new PrintWriter(wide), "Backing up", () -> 0L, 120).update("b-1", "STATUS_BACKING_UP",
				progress);
		assertThat(wide.toString()).isEqualTo("\r" + whole);
		StringWriter narrow = new StringWriter();
		new ProgressReporter.Bar(new PrintWriter(narrow), "Backing up", () -> 0L, 60).update("b-1", "STATUS_BACKING_UP",
				progress);
		assertThat(narrow.toString()).isEqualTo("\r" + whole.substring(0, 59));
	}

	@Test
	void unknownBytesTotalShowsAsQuestionMarkAndProgressGoesByItems() {
		ProgressReporter.Bar bar = new ProgressReporter.Bar(null, "Backing up", () -> 0L, 120);
		assertThat(bar.line(new Progress(5, 20, 2048, Progress.UNKNOWN), Duration.ofSeconds(10)))
			.isEqualTo("Backing up [======>                 ]  25%  5/20 items  2.0 KiB/?  ETA 0:30");
	}

	@Test
	void plainProgressPrintsOneLinePerStatusOrTenPercentStep() {
		StringWriter text = new StringWriter();
		ProgressReporter.Lines lines = new ProgressReporter.Lines(new PrintWriter(text), "Backing up");
		lines.update("b-1", "STATUS_BACKING_UP", new Progress(0, 100, 0, 0));
		lines.update("b-1", "STATUS_BACKING_UP", new Progress(5, 100, 0, 0));
		lines.update("b-1", "STATUS_BACKING_UP", new Progress(12, 100, 0, 0));
		lines.update("b-1", "STATUS_READY", new Progress(100, 100, 0, 0));
		assertThat(text.toString()).isEqualTo("""
				Backing up b-1  STATUS_BACKING_UP  0%  0/100 items  0 B/0 B
				Backing up b-1  STATUS_BACKING_UP  12%  12/100 items  0 B/0 B
				Backing up b-1  STATUS_READY  100%  100/100 items  0 B/0 B
				""");
	}

	@Test
	void scheduleListAndShow() {
		ScheduleResponse nightly = new ScheduleResponse("nightly", "0 0 3 * * *", "Europe/Paris", List.of("marathon"),
				null, new RetentionRules(7, null, 14, null, 12, null, "2y"), false, "api",
				Instant.parse("2026-11-22T02:00:00Z"), 86400, Instant.parse("2026-11-21T02:00:00Z"), "SKIPPED",
				"nightly-1", null, 2, Instant.parse("2026-11-01T10:00:00Z"), "alice",
				Instant.parse("2026-11-21T02:00:00Z"));
		ScheduleResponse declared = new ScheduleResponse("declared", "0 0 * * * *", "Z", List.of(), "s3", null, true,
				"configuration", null, 3600, null, null, null, null, 0, Instant.parse("2026-11-01T10:00:00Z"),
				"configuration", Instant.parse("2026-11-01T10:00:00Z"));
		assertThat(Output.scheduleTable(List.of(declared, nightly))).isEqualTo(
				"""
						NAME      CRON         ZONE          NEXT RUN              LAST RUN              LAST OUTCOME  SKIPPED  STATE
						declared  0 0 * * * *  Z             N/A                   N/A                   N/A           0        paused
						nightly   0 0 3 * * *  Europe/Paris  2026-11-22T02:00:00Z  2026-11-21T02:00:00Z  SKIPPED       2        active
						""");
		assertThat(Output.scheduleDetails(nightly)).isEqualTo("""
				NAME          nightly
				CRON          0 0 3 * * *
				ZONE          Europe/Paris
				STATE         active
				ORIGIN        api
				COMPONENTS    marathon
				STORAGE       default
				RETENTION     keep-last 7, keep-daily 14, keep-monthly 12, keep-within 2y
				NEXT RUN      2026-11-22T02:00:00Z
				LAST RUN      2026-11-21T02:00:00Z
				LAST OUTCOME  SKIPPED
				LAST BACKUP   nightly-1
				SKIPPED       2
				CREATED BY    alice
				""");
		assertThat(Output.scheduleDetails(declared)).contains("COMPONENTS    all\n")
			.contains("STORAGE       s3\n")
			.contains("RETENTION     keep every backup\n")
			.contains("STATE         paused\n");
	}

}
