package org.backplane.service.backup;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.ComponentStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageUnfinishedWrites;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.backplane.service.testsupport.StuckStream;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The start-up sweep removes what the unfinished writes of a backup that no longer runs
 * left on storage, and leaves alone what a running backup (here, or on another replica)
 * is writing.
 */
@ServiceIntegrationTest
class UnfinishedWritesSweepIntegrationTests extends ServiceHomeProperties {

	@LocalServerPort
	int port;

	@Autowired
	UnfinishedWritesSweep sweep;

	@Autowired
	StorageLocations locations;

	@Test
	void removesWhatAKilledBackupLeftButNotWhatARunningOneWrites() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		BackupResponse ended = client.createBackup(new CreateBackupRequest("swept", List.of("alpha")));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !client.getBackup(ended.id()).status().name().endsWith("BACKING_UP"));
		CountDownLatch blocker = new CountDownLatch(1);
		SyntheticSource.BLOCKERS.put("slow", blocker);
		StuckStream stuck = new StuckStream();
		Thread killedPut = null;
		try {
			BackupResponse running = client.createBackup(new CreateBackupRequest("sweep-running", List.of("slow")));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				BackupResponse now = client.getBackup(running.id());
				return now.components().get("slow").status() == ComponentStatus.STATUS_BACKING_UP
						&& now.progress().itemsDone() > 0;
			});
			// what a put of the ended backup left when its process was killed: an
			// unfinished
			// write into its folder (a put stuck mid-stream stands for it)
			killedPut = new Thread(() -> {
				try {
					this.locations.provider(null).put("backups/" + ended.id() + "/killed.bin", stuck);
				}
				catch (IOException ex) {
					// expected once released
				}
			});
			killedPut.start();
			assertThat(stuck.awaitWriting()).isTrue();
			StorageUnfinishedWrites storage = (StorageUnfinishedWrites) this.locations.provider(null);
			assertThat(storage.foldersWithUnfinishedWrites()).contains("backups/" + ended.id() + "/",
					"backups/" + running.id() + "/");
			this.sweep.sweep();
			assertThat(storage.foldersWithUnfinishedWrites()).as("the running backup's write is left alone")
				.contains("backups/" + running.id() + "/")
				.doesNotContain("backups/" + ended.id() + "/");
			blocker.countDown();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> !client.getBackup(running.id()).status().name().endsWith("BACKING_UP"));
			assertThat(client.getBackup(running.id()).status().name()).isEqualTo("STATUS_READY");
		}
		finally {
			blocker.countDown();
			SyntheticSource.BLOCKERS.remove("slow");
			stuck.release();
			if (killedPut != null) {
				killedPut.join(10_000);
			}
		}
	}

}
