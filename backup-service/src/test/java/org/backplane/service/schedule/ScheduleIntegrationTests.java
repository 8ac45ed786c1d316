package org.backplane.service.schedule;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import io.micrometer.core.instrument.MeterRegistry;
import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.RetentionItem;
import org.backplane.client.model.RetentionReport;
import org.backplane.client.model.RetentionRequest;
import org.backplane.client.model.RetentionRules;
import org.backplane.client.model.ScheduleRequest;
import org.backplane.client.model.ScheduleResponse;
import org.backplane.service.backup.BackupCatalogue;
import org.backplane.service.backup.BackupHistoryEntry;
import org.backplane.service.backup.BackupService;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Role;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.backplane.service.testsupport.SettableClock;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Schedules and retention in the running service, against its real PostgreSQL and file
 * storage: the API, ticks at times a {@link SettableClock} gives (the dispatcher's core
 * takes the time as an argument), skips, declared schedules, pinning, and retention over
 * a generated history of 400 backups.
 */
@ServiceIntegrationTest
class ScheduleIntegrationTests extends ServiceHomeProperties {

	@LocalServerPort
	int port;

	@Autowired
	ScheduleService schedules;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	BackupCatalogue catalogue;

	@Autowired
	BackupService backupService;

	@Autowired
	Clock clock;

	@Autowired
	MeterRegistry meters;

	BackplaneClient client;

	Http http;

	@BeforeEach
	void setUp() {
		this.client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		this.http = new Http(this.port);
	}

	@Test
	void createReadUpdatePauseResumeAndDeleteThroughTheApi() {
		ScheduleResponse created = this.client
			.createSchedule(new ScheduleRequest("crud-nightly", "0 30 2 * * *", "Europe/Paris", List.of("alpha"), null,
					new RetentionRules(7, null, 14, null, null, null, "2y5m"), null));
		assertThat(created.origin()).isEqualTo("api");
		assertThat(created.zone()).isEqualTo("Europe/Paris");
		assertThat(created.retention()).isEqualTo(new RetentionRules(7, null, 14, null, null, null, "2y5m"));
		assertThat(created.nextRun()).isAfter(Instant.now());
		assertThat(created.intervalSeconds()).isEqualTo(Duration.ofDays(1).toSeconds());
		assertThat(created.lastRun()).isNull();
		assertThat(created.createdBy()).isEqualTo("anonymous");
		assertThat(this.client.listSchedules()).extracting(ScheduleResponse::name).contains("crud-nightly", "declared");
		assertThatExceptionOfType(BackplaneApiException.class)
			.isThrownBy(() -> this.client
				.createSchedule(new ScheduleRequest("crud-nightly", "0 0 3 * * *", null, null, null, null, null)))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(409));
		ScheduleResponse updated = this.client.updateSchedule("crud-nightly",
				new ScheduleRequest(null, "0 0 */6 * * *", null, null, null, null, null));
		assertThat(updated.zone()).isEqualTo("Z");
		assertThat(updated.intervalSeconds()).isEqualTo(Duration.ofHours(6).toSeconds());
		assertThat(updated.retention()).isNull();
		assertThat(updated.components()).isEmpty();
		ScheduleResponse paused = this.client.pauseSchedule("crud-nightly");
		assertThat(paused.paused()).isTrue();
		assertThat(paused.nextRun()).isNull();
		assertThat(this.client.resumeSchedule("crud-nightly").nextRun()).isNotNull();
		this.client.deleteSchedule("crud-nightly");
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> this.client.getSchedule("crud-nightly"))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
	}

	@Test
	void badCronZoneNameOrRulesAre400SayingWhatToFix() {
		assertProblem(this.http.postJson("/api/v1/schedules", "{\"name\": \"bad-cron\", \"cron\": \"0 3 * * *\"}"), 400,
				"Invalid cron '0 3 * * *'", "six fields");
		assertProblem(
				this.http.postJson("/api/v1/schedules",
						"{\"name\": \"bad-zone\", \"cron\": \"0 0 3 * * *\", \"zone\": \"Moon/Base\"}"),
				400, "Unknown time zone 'Moon/Base'", "Europe/Paris");
		assertProblem(this.http.postJson("/api/v1/schedules", "{\"name\": \"x\", \"cron\": \"0 0 3 * * *\"}"), 400,
				"Invalid schedule name 'x'", "3-25 characters");
		assertProblem(
				this.http.postJson("/api/v1/schedules",
						"{\"name\": \"bad-rule\", \"cron\": \"0 0 3 * * *\", \"retention\": {\"keepWithin\": \"2w\"}}"),
				400, "Invalid keepWithin '2w'", "2y5m7d3h");
		assertProblem(
				this.http.postJson("/api/v1/schedules",
						"{\"name\": \"bad-comp\", \"cron\": \"0 0 3 * * *\", \"components\": [\"nope\"]}"),
				400, "nope");
		assertProblem(this.http.postJson("/api/v1/retention", "{\"prefix\": \"x-y\", \"rules\": {}}"), 400,
				"at least one of keepLast");
	}

	@Test
	void aDeclaredScheduleIsReadOnlyThroughTheApiButRunsNow() {
		ScheduleResponse declared = this.client.getSchedule("declared");
		assertThat(declared.origin()).isEqualTo("configuration");
		assertThat(declared.cron()).isEqualTo("0 0 3 1 1 *");
		assertThat(declared.components()).containsExactly("alpha");
		assertThat(declared.retention()).isEqualTo(new RetentionRules(2, null, null, null, null, null, null));
		assertThat(declared.createdBy()).isEqualTo("configuration");
		assertProblem(
				this.http.send("PUT", "/api/v1/schedules/declared", "application/json", "{\"cron\": \"0 0 4 * * *\"}"),
				409, "declared in configuration", "backplane.schedules.declared");
		assertProblem(this.http.send("DELETE", "/api/v1/schedules/declared", null, null), 409,
				"declared in configuration");
		assertProblem(this.http.postJson("/api/v1/schedules/declared/pause", "{}"), 409, "declared in configuration");
		BackupResponse run = this.client.runSchedule("declared");
		assertThat(run.id()).startsWith("declared-");
		assertThat(run.label()).isEqualTo("declared");
		awaitBackup(run.id(), BackupStatus.STATUS_READY);
	}

	@Test
	void aTickStartsABackupLabelledWithTheScheduleAndASecondTickWhileItRunsIsSkipped() {
		SettableClock clock = new SettableClock(Instant.now());
		this.client
			.createSchedule(new ScheduleRequest("tick-slow", "0 0 3 * * *", "UTC", List.of("slow"), null, null, null));
		Instant due = this.client.getSchedule("tick-slow").nextRun();
		// before the tick is due nothing happens
		clock.set(due.minusSeconds(1));
		this.schedules.dispatch(clock.instant());
		assertThat(this.client.getSchedule("tick-slow").lastRun()).isNull();
		CountDownLatch blocker = new CountDownLatch(1);
		SyntheticSource.BLOCKERS.put("slow", blocker);
		try {
			clock.set(due.plusMillis(300));
			this.schedules.dispatch(clock.instant());
			ScheduleResponse first = this.client.getSchedule("tick-slow");
			assertThat(first.lastBackupId()).startsWith("tick-slow-");
			assertThat(first.lastOutcome()).isEqualTo("RUNNING");
			assertThat(first.lastRun()).isEqualTo(clock.instant());
			assertThat(first.nextRun()).isEqualTo(due.plus(Duration.ofDays(1)));
			BackupResponse backup = this.client.getBackup(first.lastBackupId());
			assertThat(backup.label()).isEqualTo("tick-slow");
			assertThat(backup.createdBy()).isEqualTo("schedule:tick-slow");
			// the next day's tick, and one missed after it, find the first still running
			clock.set(due.plus(Duration.ofDays(2)).plusSeconds(5));
			this.schedules.dispatch(clock.instant());
			ScheduleResponse skipped = this.client.getSchedule("tick-slow");
			assertThat(skipped.lastOutcome()).isEqualTo("SKIPPED");
			assertThat(skipped.skippedCount()).isEqualTo(1);
			assertThat(skipped.lastBackupId()).isEqualTo(first.lastBackupId());
			assertThat(skipped.nextRun()).as("missed ticks collapse into one").isEqualTo(due.plus(Duration.ofDays(3)));
			assertThat(this.meters.get(ScheduleMetrics.SKIPPED).tag("schedule", "tick-slow").counter().count())
				.isEqualTo(1.0);
			assertThat(this.meters.get(ScheduleMetrics.INTERVAL).tag("schedule", "tick-slow").gauge().value())
				.isEqualTo(86400.0);
			assertProblem(this.http.postJson("/api/v1/schedules/tick-slow/run", "{}"), 409, "still running",
					first.lastBackupId());
			blocker.countDown();
			awaitBackup(first.lastBackupId(), BackupStatus.STATUS_READY);
			assertThat(this.client.getSchedule("tick-slow").lastOutcome()).as("the last tick was skipped")
				.isEqualTo("SKIPPED");
			// the next tick finds nothing running and starts a backup
			clock.set(due.plus(Duration.ofDays(3)));
			this.schedules.dispatch(clock.instant());
			ScheduleResponse third = this.client.getSchedule("tick-slow");
			assertThat(third.lastBackupId()).isNotEqualTo(first.lastBackupId()).startsWith("tick-slow-");
			awaitBackup(third.lastBackupId(), BackupStatus.STATUS_READY);
			assertThat(this.client.getSchedule("tick-slow").lastOutcome()).isEqualTo("SUCCEEDED");
			this.schedules.dispatch(clock.instant());
			assertThat(this.jdbc.queryForObject("select last_outcome from schedule where name = 'tick-slow'",
					String.class))
				.as("the dispatcher records how the run ended")
				.isEqualTo("SUCCEEDED");
			assertThat(this.jdbc.queryForList(
					"select outcome from schedule_run where schedule_name = 'tick-slow' order by due_at", String.class))
				.containsExactly("STARTED", "SKIPPED", "STARTED");
		}
		finally {
			blocker.countDown();
			SyntheticSource.BLOCKERS.remove("slow");
			this.client.deleteSchedule("tick-slow");
		}
	}

	@Test
	void aTickThatCannotStartItsBackupIsRecordedAsFailed() {
		this.client
			.createSchedule(new ScheduleRequest("tick-fail", "0 0 3 * * *", "UTC", List.of("beta"), null, null, null));
		CountDownLatch blocker = new CountDownLatch(1);
		SyntheticSource.BLOCKERS.put("slow", blocker);
		try {
			// another backup holds beta: the tick cannot take the component's lock
			BackupResponse holder = this.client
				.createBackup(new CreateBackupRequest("holder", List.of("slow", "beta")));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.client.getBackup(holder.id()).progress().itemsDone() > 0);
			Instant due = this.client.getSchedule("tick-fail").nextRun();
			this.schedules.dispatch(due.plusSeconds(1));
			ScheduleResponse failed = this.client.getSchedule("tick-fail");
			assertThat(failed.lastOutcome()).isEqualTo("FAILED");
			assertThat(failed.lastError()).contains("beta").contains(holder.id());
			assertThat(failed.nextRun()).isAfter(due);
			blocker.countDown();
			awaitBackup(holder.id(), BackupStatus.STATUS_READY);
		}
		finally {
			blocker.countDown();
			SyntheticSource.BLOCKERS.remove("slow");
			this.client.deleteSchedule("tick-fail");
		}
	}

	@Test
	void retentionOverFourHundredBackupsKeepsWhatTheHandComputedTableSaysAndDeletesTheRest() {
		String label = "ret-hist";
		List<BackupHistoryEntry> history = RetentionPlannerTests.twoYears();
		for (BackupHistoryEntry entry : history) {
			insertReady(label, entry.createdAt());
		}
		RetentionRules rules = new RetentionRules(3, 5, 10, 6, 14, 3, "3d");
		this.client
			.createSchedule(new ScheduleRequest(label, "0 0 3 * * *", "UTC", List.of("alpha"), null, rules, true));
		String small = "ret-small";
		for (BackupHistoryEntry entry : history.subList(380, 400)) {
			insertReady(small, entry.createdAt());
		}
		try {
			// the service reads the 400 rows from PostgreSQL and plans as the unit test
			// expects (RetentionPlannerTests has the table by hand)
			RetentionReport preview = this.client.retentionPreview(label);
			assertThat(preview.dryRun()).isTrue();
			assertThat(preview.keep()).hasSize(34);
			assertThat(preview.keep().stream().map((i) -> i.createdAt().toString()).toList())
				.containsExactlyElementsOf(RetentionPlannerTests.KEPT_BY_HAND);
			assertThat(preview.delete()).hasSize(366).allSatisfy((item) -> assertThat(item.outcome()).isNull());
			RetentionReport dryRun = this.client.applyRetention(new RetentionRequest("ret-h", rules, "UTC", true));
			assertThat(dryRun.keep()).isEqualTo(preview.keep());
			assertThat(countLabel(label)).isEqualTo(400);
			// applied for real (on the newest 20, to keep the test short: each deletion
			// is
			// three commits and a storage call)
			RetentionReport smallPreview = this.client.applyRetention(new RetentionRequest(small, rules, "UTC", true));
			RetentionReport applied = this.client.applyRetention(new RetentionRequest(small, rules, "UTC", false));
			assertThat(applied.dryRun()).isFalse();
			assertThat(applied.keep()).isEqualTo(smallPreview.keep());
			assertThat(applied.delete()).hasSize(20 - applied.keep().size())
				.allSatisfy((item) -> assertThat(item.outcome()).isEqualTo("deleted"));
			assertThat(this.jdbc
				.queryForList("select created_at from backup where label = ? order by created_at desc", Timestamp.class,
						small)
				.stream()
				.map((t) -> t.toInstant().toString())
				.toList())
				.containsExactlyElementsOf(applied.keep().stream().map((i) -> i.createdAt().toString()).toList());
		}
		finally {
			this.client.deleteSchedule(label);
			this.jdbc.update("delete from backup where label in (?, ?)", label, small);
		}
	}

	@Test
	void retentionReadsTheHistoryAPageAtATimeAndDecidesAsOverTheWholeHistory() {
		List<BackupHistoryEntry> history = RetentionPlannerTests.twoYears();
		for (BackupHistoryEntry entry : history) {
			insertReady("ret-page", entry.createdAt());
		}
		List<BackupHistoryEntry> newest = history.subList(380, 400);
		for (int i = 0; i < newest.size(); i++) {
			// one pinned, among the oldest of the label
			insertReadyAt("ret-pagf", "ret-pagf-" + UUID.randomUUID(), newest.get(i).createdAt(), i == 3);
		}
		try {
			// pages of seven: labels and periods straddle pages
			RetentionService paged = new RetentionService(this.catalogue, this.backupService, this.clock, 7);
			KeepRules rules = KeepRules.of(new RetentionRules(3, 5, 10, 6, 14, 3, "3d"));
			List<String> expected = new ArrayList<>();
			for (String label : List.of("ret-page", "ret-pagf")) {
				RetentionPlanner.plan(historyOf(label), rules, ZoneOffset.UTC, this.clock.instant())
					.stream()
					.filter(RetentionPlanner.Verdict::keep)
					.forEach((verdict) -> expected.add(verdict.backup().id()));
			}
			RetentionReport report = paged.apply("ret-pag", false, rules, ZoneOffset.UTC, true, null);
			assertThat(report.keep().stream().map(RetentionItem::id).toList())
				.as("the same backups kept as when the whole history is planned at once")
				.containsExactlyElementsOf(expected);
			assertThat(report.keep()
				.stream()
				.filter((item) -> item.label().equals("ret-page"))
				.map((item) -> item.createdAt().toString())
				.toList()).containsExactlyElementsOf(RetentionPlannerTests.KEPT_BY_HAND);
			assertThat(report.delete()).hasSize(420 - expected.size());

			RetentionService.Tally tally = paged.applyCounting("ret-pagf", true, rules, ZoneOffset.UTC,
					new Caller("retention:test", Role.ADMIN));
			List<String> keptSmall = expected.stream().filter((id) -> id.startsWith("ret-pagf-")).toList();
			assertThat(tally.failed()).isZero();
			assertThat(tally.kept()).isEqualTo(keptSmall.size());
			assertThat(tally.deleted()).isEqualTo(20 - keptSmall.size());
			assertThat(historyOf("ret-pagf").stream().map(BackupHistoryEntry::id).toList())
				.containsExactlyInAnyOrderElementsOf(keptSmall);
		}
		finally {
			this.jdbc.update("delete from backup where label in ('ret-page', 'ret-pagf')");
		}
	}

	private List<BackupHistoryEntry> historyOf(String label) {
		return this.jdbc.query(
				"select id, label, status, created_at, pinned, deleting_since from backup where label = ?",
				(rs, i) -> new BackupHistoryEntry(rs.getString(1), rs.getString(2),
						org.backplane.service.backup.BackupStatus.valueOf(rs.getString(3)),
						rs.getTimestamp(4).toInstant(), rs.getBoolean(5),
						(rs.getTimestamp(6) != null) ? rs.getTimestamp(6).toInstant() : null),
				label);
	}

	@Test
	void retentionNeverDeletesAPinnedTheNewestReadyOrABackupInUse() {
		String label = "ret-guard";
		BackupResponse oldest = awaitBackup(
				this.client.createBackup(new CreateBackupRequest(label, List.of("alpha"))).id(),
				BackupStatus.STATUS_READY);
		BackupResponse pinned = awaitBackup(
				this.client.createBackup(new CreateBackupRequest(label, List.of("alpha"))).id(),
				BackupStatus.STATUS_READY);
		BackupResponse restoring = awaitBackup(
				this.client.createBackup(new CreateBackupRequest(label, List.of("alpha"))).id(),
				BackupStatus.STATUS_READY);
		BackupResponse newest = awaitBackup(
				this.client.createBackup(new CreateBackupRequest(label, List.of("alpha"))).id(),
				BackupStatus.STATUS_READY);
		assertThat(this.client.pinBackup(pinned.id(), true).pinned()).isTrue();
		assertThat(this.client.getBackup(pinned.id()).pinned()).isTrue();
		assertThat(this.client.listBackups(label, null, null, null).items()).filteredOn(BackupResponse::pinned)
			.extracting(BackupResponse::id)
			.containsExactly(pinned.id());
		assertProblem(this.http.send("DELETE", "/api/v1/backups/" + pinned.id(), null, null), 409, "pinned",
				"Unpin it first");
		// a restore in progress, as the catalogue records it
		this.jdbc.update("update backup set status = 'STATUS_RESTORING' where id = ?", restoring.id());
		CountDownLatch blocker = new CountDownLatch(1);
		SyntheticSource.BLOCKERS.put("slow", blocker);
		try {
			BackupResponse writing = this.client.createBackup(new CreateBackupRequest(label, List.of("slow")));
			// keepLast 1 keeps the newest; only the guards keep the others
			RetentionReport report = this.client.applyRetention(new RetentionRequest(label,
					new RetentionRules(1, null, null, null, null, null, null), null, false));
			assertThat(report.delete()).extracting(RetentionItem::id).containsExactly(oldest.id());
			assertThat(report.keep()).extracting(RetentionItem::id)
				.contains(pinned.id(), restoring.id(), newest.id(), writing.id());
			assertThat(reasonsOf(report, pinned.id())).contains("pinned");
			assertThat(reasonsOf(report, restoring.id())).contains("being restored");
			assertThat(reasonsOf(report, writing.id())).contains("being written");
			assertThat(reasonsOf(report, newest.id())).contains("newest ready backup");
			assertThat(this.jdbc.queryForObject("select count(*) from backup where id = ?", Integer.class, oldest.id()))
				.isZero();
			blocker.countDown();
			awaitBackup(writing.id(), BackupStatus.STATUS_READY);
		}
		finally {
			blocker.countDown();
			SyntheticSource.BLOCKERS.remove("slow");
			this.jdbc.update("update backup set status = 'STATUS_READY' where id = ?", restoring.id());
			this.client.pinBackup(pinned.id(), false);
		}
	}

	@Test
	void aDeletionThatFailsOnStorageLeavesTheBackupInErrorAndIsRetried() throws Exception {
		BackupResponse backup = awaitBackup(
				this.client.createBackup(new CreateBackupRequest("del-fail", List.of("alpha"))).id(),
				BackupStatus.STATUS_READY);
		Path folder = storageRoot().resolve("backups").resolve(backup.id());
		// storage refuses the first step (the manifest): nothing was deleted, the backup
		// stays as it was
		Path aside = folder.resolveSibling(backup.id() + ".aside");
		Files.move(folder, aside);
		Files.writeString(folder, "not a folder");
		try {
			assertProblem(this.http.send("DELETE", "/api/v1/backups/" + backup.id(), null, null), 503,
					"Could not delete backup " + backup.id());
		}
		finally {
			Files.delete(folder);
			Files.move(aside, folder);
		}
		assertThat(this.client.getBackup(backup.id()).status()).isEqualTo(BackupStatus.STATUS_READY);
		assertThat(this.client.getBackup(backup.id()).errorReason()).isNull();
		// storage refuses a later step (an artifact cannot be removed, even by root): the
		// manifest is gone, so the backup must not look READY
		Path artifact = Files.list(folder)
			.filter((p) -> !p.getFileName().toString().equals("backup.json"))
			.findFirst()
			.orElseThrow();
		immutable(artifact, true);
		try {
			assertProblem(this.http.send("DELETE", "/api/v1/backups/" + backup.id(), null, null), 503,
					"Could not delete backup " + backup.id());
			BackupResponse after = this.client.getBackup(backup.id());
			assertThat(after.status()).isEqualTo(BackupStatus.STATUS_ERROR);
			assertThat(after.errorReason()).startsWith("Deletion failed, retried later");
			assertThat(folder.resolve("backup.json")).doesNotExist();
			assertProblem(this.http.postJson("/api/v1/backups/" + backup.id() + "/restores", "{}"), 409,
					"STATUS_ERROR");
			assertProblem(
					this.http.send("PATCH", "/api/v1/backups/" + backup.id(), "application/json", "{\"pinned\": true}"),
					409, "its deletion started");
			// still refused: the retry leaves it as it is
			this.schedules.applyAllRetention();
			assertThat(this.client.getBackup(backup.id()).status()).isEqualTo(BackupStatus.STATUS_ERROR);
		}
		finally {
			immutable(artifact, false);
		}
		this.schedules.applyAllRetention();
		assertThatExceptionOfType(BackplaneApiException.class).isThrownBy(() -> this.client.getBackup(backup.id()))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
		assertThat(folder).doesNotExist();
	}

	/**
	 * Sets or clears a file's immutable attribute ({@code chattr}), which even root
	 * cannot delete through: a storage fault on a real file system.
	 */
	private static void immutable(Path file, boolean on) throws IOException, InterruptedException {
		Process chattr = new ProcessBuilder("chattr", on ? "+i" : "-i", file.toString()).redirectErrorStream(true)
			.start();
		String output = new String(chattr.getInputStream().readAllBytes());
		assertThat(chattr.waitFor()).as("chattr " + (on ? "+i " : "-i ") + file + ": " + output).isZero();
	}

	private Path storageRoot() {
		return Path.of(URI.create(this.jdbc
			.queryForObject("select storage_uri from backup where label = 'del-fail' limit 1", String.class)));
	}

	private static List<String> reasonsOf(RetentionReport report, String id) {
		return report.keep().stream().filter((i) -> i.id().equals(id)).findFirst().orElseThrow().reasons();
	}

	private int countLabel(String label) {
		return this.jdbc.queryForObject("select count(*) from backup where label = ?", Integer.class, label);
	}

	private void insertReady(String label, Instant createdAt) {
		insertReadyAt(label, label + "-" + UUID.randomUUID(), createdAt, false);
	}

	private void insertReadyAt(String label, String id, Instant createdAt, boolean pinned) {
		this.jdbc.update("insert into backup (id, label, status, row_version, service_version, storage_location, "
				+ "storage_uri, created_at, updated_at, completed_at, pinned) values (?, ?, 'STATUS_READY', 0, 'test', "
				+ "'default', 'file:///nowhere', ?, ?, ?, ?)", id, label, Timestamp.from(createdAt),
				Timestamp.from(createdAt), Timestamp.from(createdAt), pinned);
	}

	private BackupResponse awaitBackup(String id, BackupStatus status) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.client.getBackup(id).status() == status);
		return this.client.getBackup(id);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String... fragments) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains(fragments).doesNotContain("java.", "Exception");
	}

}
