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
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.ServiceProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service stopped mid-backup, by SIGKILL or SIGTERM, and started again: the backup ends
 * {@code STATUS_ERROR} "interrupted", never stuck, nothing half-written is left, the
 * component is free again, and the embedded PostgreSQL (orphaned by SIGKILL) comes back
 * with its data.
 */
class RestartIntegrationTests {

	private static final String[] CONFIG = { "--backplane.components.slow.type=synthetic",
			"--backplane.components.slow.items=200", "--backplane.components.slow.delay-per-item=50ms",
			"--backplane.components.quick.type=synthetic", "--backplane.runner.heartbeat-interval=500ms",
			"--backplane.runner.stale-after=4s", "--backplane.runner.reaper-interval=1s",
			"--backplane.runner.polling-interval=200ms", "--backplane.runner.shutdown-max-wait=10s" };

	@Test
	void stoppedOrKilledMidBackupEndsInterruptedAfterRestartAndTheNextBackupSucceeds() throws Exception {
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
		try (ServiceProcess third = ServiceProcess.start(home, log, CONFIG)) {
			BackplaneClient client = client(third);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> client.getBackup(killed).status() != BackupStatus.STATUS_BACKING_UP);
			assertInterrupted(client.getBackup(killed), home);
			assertThat(client.getBackup(earlier).status()).as("data survives the kill")
				.isEqualTo(BackupStatus.STATUS_READY);
			assertThat(Files.readString(log)).contains("Stopping the embedded PostgreSQL orphaned by a previous run");
			String next = client.createBackup(new CreateBackupRequest("after-kill", List.of("slow", "quick"))).id();
			await().atMost(Duration.ofSeconds(90))
				.until(() -> client.getBackup(next).status() == BackupStatus.STATUS_READY);
			assertThat(client.listComponents()).allSatisfy((c) -> assertThat(c.busyWith()).isNull());
		}
		assertThat(Files.readString(log)).as("a home this version made never needs restricting")
			.doesNotContain("Restricted " + home);
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
