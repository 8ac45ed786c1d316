package org.backplane.service.job;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.ComponentStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.ServiceProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service stopped mid-backup, by SIGKILL or SIGTERM, and started again: a backup
 * stopped gracefully ends {@code STATUS_ERROR} "interrupted"; a killed one is run again
 * (attempt 2, {@code backplane.runner.retry-interrupted} defaults to 1) and ends READY
 * with an artifact that verifies, or, with {@code retry-interrupted=0}, ends
 * {@code STATUS_ERROR} "interrupted … 1 time". Never stuck, nothing half-written is left,
 * the component is free again, and the embedded PostgreSQL (orphaned by SIGKILL) comes
 * back with its data.
 */
class RestartIntegrationTests {

	private static final String[] CONFIG = { "--backplane.components.slow.type=synthetic",
			"--backplane.components.slow.items=200", "--backplane.components.slow.delay-per-item=50ms",
			"--backplane.components.quick.type=synthetic", "--backplane.runner.heartbeat-interval=500ms",
			"--backplane.runner.stale-after=4s", "--backplane.runner.reaper-interval=1s",
			"--backplane.runner.polling-interval=200ms", "--backplane.runner.shutdown-max-wait=10s" };

	@Test
	void stoppedMidBackupEndsInterruptedKilledMidBackupIsRetriedOrWithoutRetriesEndsInterrupted() throws Exception {
		Path home = ServiceHome.newDirectory("restart");
		Path log = home.resolve("service.log");
		String stopped;
		try (ServiceProcess first = ServiceProcess.start(home, log, CONFIG)) {
			BackplaneClient client = client(first);
			// A JVM's first embedded PostgreSQL unpacks into runtime/, which the library
			// makes
			// writable by everyone: the service takes that back once the server is up
			assertOwnerOnly(home.resolve("postgres"));
			stopped = client.createBackup(new CreateBackupRequest("stopped", List.of("slow"))).id();
			awaitCopying(client, stopped);
			first.stop();
		}
		// PostgreSQL outlives the job runners on a graceful stop: nothing lost its
		// connection, no server is left
		String firstRun = Files.readString(log);
		assertThat(firstRun.contains("terminating connection due to administrator command"))
			.as("PostgreSQL stopped under the service (see " + log + ")")
			.isFalse();
		assertThat(firstRun
			.contains("Backup failed: backupId=" + stopped + " reason=interrupted: the service is shutting down"))
			.as("the job recorded its own end (see " + log + ")")
			.isTrue();
		assertThat(home.resolve("postgres").resolve("data").resolve("postmaster.pid")).doesNotExist();
		String earlier;
		String killed;
		try (ServiceProcess second = ServiceProcess.start(home, log, CONFIG)) {
			BackplaneClient client = client(second);
			// The job recorded how it ended before the service stopped: no reaper needed
			assertInterrupted(client.getBackup(stopped), home);
			assertThat(client.getBackup(stopped).errorReason()).isEqualTo("interrupted: the service is shutting down");
			earlier = client.createBackup(new CreateBackupRequest("before-kill", List.of("quick"))).id();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> client.getBackup(earlier).status() == BackupStatus.STATUS_READY);
			killed = client.createBackup(new CreateBackupRequest("killed", List.of("slow"))).id();
			awaitCopying(client, killed);
			second.kill();
		}
		String notRetried;
		try (ServiceProcess third = ServiceProcess.start(home, log, CONFIG)) {
			BackplaneClient client = client(third);
			await().atMost(Duration.ofSeconds(90))
				.until(() -> client.getBackup(killed).status() != BackupStatus.STATUS_BACKING_UP);
			BackupResponse retried = client.getBackup(killed);
			assertThat(retried.status()).as("the killed backup, run again: %s", retried.errorReason())
				.isEqualTo(BackupStatus.STATUS_READY);
			assertThat(retried.attempts()).isEqualTo(2);
			assertVerifies(client, home, retried);
			assertThat(Files.readString(log)).contains("Backup interrupted, running it again: backupId=" + killed);
			assertThat(client.getBackup(earlier).status()).as("data survives the kill")
				.isEqualTo(BackupStatus.STATUS_READY);
			assertThat(Files.readString(log)).contains("Stopping the embedded PostgreSQL orphaned by a previous run");
			String next = client.createBackup(new CreateBackupRequest("after-kill", List.of("slow", "quick"))).id();
			await().atMost(Duration.ofSeconds(90))
				.until(() -> client.getBackup(next).status() == BackupStatus.STATUS_READY);
			assertThat(client.listComponents()).allSatisfy((c) -> assertThat(c.busyWith()).isNull());
			notRetried = client.createBackup(new CreateBackupRequest("not-retried", List.of("slow"))).id();
			awaitCopying(client, notRetried);
			third.kill();
		}
		// the node that reaps decides: with retries off, a killed backup ends ERROR
		try (ServiceProcess fourth = ServiceProcess.start(home, log, withRetries(0))) {
			BackplaneClient client = client(fourth);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> client.getBackup(notRetried).status() != BackupStatus.STATUS_BACKING_UP);
			BackupResponse backup = client.getBackup(notRetried);
			assertInterrupted(backup, home);
			assertThat(backup.attempts()).isEqualTo(1);
			assertThat(backup.errorReason()).isEqualTo(
					"interrupted: the runner stopped before the backup completed, 1 time (backplane.runner.retry-interrupted=0)");
		}
		assertThat(Files.readString(log)).as("a home this version made never needs restricting")
			.doesNotContain("Restricted " + home);
	}

	private static String[] withRetries(int retries) {
		List<String> args = new java.util.ArrayList<>(List.of(CONFIG));
		args.add("--backplane.runner.retry-interrupted=" + retries);
		return args.toArray(String[]::new);
	}

	/**
	 * The stored artifact has the SHA-256 the catalogue recorded, and a restore from it
	 * (which checks the SHA-256 while streaming, and the synthetic source every record)
	 * ends READY.
	 */
	private static void assertVerifies(BackplaneClient client, Path home, BackupResponse backup) throws Exception {
		for (var component : backup.components().entrySet()) {
			Path artifact = home.resolve("storage").resolve(component.getValue().artifactKey());
			assertThat(sha256(artifact)).as(component.getKey()).isEqualTo(component.getValue().sha256());
		}
		String restore = client.createRestore(backup.id(), new CreateRestoreRequest(null, null, null, null)).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getRestore(backup.id(), restore).status() != RestoreStatus.STATUS_RESTORING);
		assertThat(client.getRestore(backup.id(), restore).status()).as("restore of the retried backup")
			.isEqualTo(RestoreStatus.STATUS_READY);
	}

	static String sha256(Path file) throws Exception {
		java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
		try (var in = new java.security.DigestInputStream(Files.newInputStream(file), digest)) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
		}
		return java.util.HexFormat.of().formatHex(digest.digest());
	}

	private static void assertInterrupted(BackupResponse backup, Path home) throws Exception {
		assertThat(backup.status()).isEqualTo(BackupStatus.STATUS_ERROR);
		assertThat(backup.errorReason()).startsWith("interrupted: ");
		assertThat(backup.components().get("slow").status()).isEqualTo(ComponentStatus.STATUS_ERROR);
		assertNothingStored(home, backup.id());
	}

	private static void assertOwnerOnly(Path folder) throws IOException {
		try (Stream<Path> all = Files.walk(folder)) {
			assertThat(all.filter((path) -> !Files.isSymbolicLink(path)))
				.allSatisfy((path) -> assertThat(Files.getPosixFilePermissions(path)).as(path.toString())
					.noneMatch(PosixFilePermissions.fromString("---rwxrwx")::contains));
		}
		assertThat(Files.getPosixFilePermissions(folder.resolve("runtime")))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
	}

	private static void awaitCopying(BackplaneClient client, String id) {
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			BackupResponse backup = client.getBackup(id);
			return backup.components().get("slow").status() == ComponentStatus.STATUS_BACKING_UP
					&& backup.progress().itemsDone() > 0;
		});
	}

	private static void assertNothingStored(Path home, String id) throws Exception {
		Path temporary = home.resolve("storage").resolve(".backplane-tmp");
		if (Files.exists(temporary)) {
			try (Stream<Path> files = Files.list(temporary)) {
				assertThat(files.map((file) -> file.getFileName().toString()))
					.as("what the backup's unfinished writes left")
					.noneMatch((name) -> name.contains(id));
			}
		}
		Path folder = home.resolve("storage").resolve("backups").resolve(id);
		if (Files.exists(folder)) {
			try (Stream<Path> files = Files.walk(folder)) {
				assertThat(files.filter(Files::isRegularFile)).isEmpty();
			}
		}
	}

	private static BackplaneClient client(ServiceProcess service) {
		return BackplaneClient.builder(URI.create("http://127.0.0.1:" + service.port())).build();
	}

}
