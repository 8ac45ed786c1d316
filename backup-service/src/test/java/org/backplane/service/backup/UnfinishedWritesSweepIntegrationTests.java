package org.backplane.service.backup;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.ComponentStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageUnfinishedWrites;
import org.backplane.service.testsupport.ServiceIntegrationTest;
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
class UnfinishedWritesSweepIntegrationTests {

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
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
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
					this.locations.provider(null).put("backups/" + ended.id() + "/killed.bin", stuck(writing, release));
				}
				catch (IOException ex) {
					// expected once released
				}
			});
			killedPut.start();
			assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
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
			release.countDown();
			if (killedPut != null) {
				killedPut.join(10_000);
			}
		}
	}

	/**
	 * A stream that gives one byte, then blocks until released and fails.
	 */
	private static InputStream stuck(CountDownLatch writing, CountDownLatch release) {
		return new InputStream() {

			private boolean first = true;

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return (read(one, 0, 1) == -1) ? -1 : one[0];
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				if (this.first) {
					this.first = false;
					b[off] = 42;
					return 1;
				}
				writing.countDown();
				try {
					release.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				throw new IOException("the process died");
			}

		};
	}

}
