package org.backplane.service.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.backplane.service.storage.InMemoryStorageProvider;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.support.InvalidRequestException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A backup as one tar: written from one store and imported into another byte for byte; an
 * archive that is truncated, has one byte changed, lacks its manifest, lists an artifact
 * outside the backup or is over the cap is refused with what is wrong, leaving nothing
 * stored.
 */
class BackupArchiveTests {

	private static final String ID = "moved-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77";

	private final ExecutorService producers = Executors.newCachedThreadPool();

	private final JsonMapper json = JsonMapper.builder().build();

	private final InMemoryStorageProvider from = new InMemoryStorageProvider();

	private final InMemoryStorageProvider to = new InMemoryStorageProvider();

	@AfterEach
	void stopProducers() {
		this.producers.shutdownNow();
	}

	@Test
	void anArchiveImportsIntoAnotherStoreByteForByte() throws IOException {
		byte[] archive = archive();
		BackupStore target = store(this.to);
		BackupArchive.Import upload = target.openArchive(new ByteArrayInputStream(archive), archive.length);
		assertThat(upload.manifest().backupId()).isEqualTo(ID);
		target.storeArchive(upload);
		assertThat(this.to.contents().keySet()).containsExactlyInAnyOrderElementsOf(this.from.contents().keySet());
		for (String key : this.from.contents().keySet()) {
			assertThat(this.to.contents().get(key)).as(key).isEqualTo(this.from.contents().get(key));
		}
	}

	@Test
	void aTruncatedOrAlteredArchiveIsRefusedAndLeavesNothing() throws IOException {
		byte[] archive = archive();
		assertRefused(Arrays.copyOf(archive, archive.length - 5000), "truncated", archive.length);
		byte[] flipped = archive.clone();
		// inside the second artifact's content
		flipped[archive.length - 3000] ^= 0x40;
		assertRefused(flipped, "does not match its manifest", archive.length);
		assertRefused(Arrays.copyOfRange(archive, 512 * 3, archive.length), "must begin with backup.json",
				archive.length);
		assertRefused(archive, "larger than 1000 bytes", 1000);
		assertRefused(new byte[2048], "must begin with backup.json", archive.length);
	}

	@Test
	void aManifestWhoseArtifactLeavesTheBackupIsRefused() {
		BackupManifest manifest = new BackupManifest(1, ID, "moved", "1.0", Instant.now(), Instant.now(),
				List.of(new BackupManifest.Component("alpha", "synthetic", "backups/other-id/alpha.bin", 1,
						"0".repeat(64), 1, 1)));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> BackupStore.checkManifest(manifest))
			.withMessageContaining("not in the backup's folder");
	}

	private void assertRefused(byte[] archive, String because, long cap) {
		BackupStore target = store(this.to);
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> {
			BackupArchive.Import upload = target.openArchive(new ByteArrayInputStream(archive), cap);
			target.storeArchive(upload);
		}).withMessageContaining(because);
		assertThat(this.to.contents()).as("nothing left behind").isEmpty();
	}

	private byte[] archive() throws IOException {
		BackupStore source = store(this.from);
		Random random = new Random(7);
		byte[] alpha = new byte[20_000];
		random.nextBytes(alpha);
		byte[] beta = new byte[9_000];
		random.nextBytes(beta);
		BackupStore.Written a = source.putArtifact(ID, "alpha", "bin", (out) -> out.write(alpha));
		BackupStore.Written b = source.putArtifact(ID, "beta", "tar.gz", (out) -> out.write(beta));
		source.putManifest(new BackupManifest(1, ID, "moved", "1.0", Instant.parse("2026-12-01T00:00:00Z"),
				Instant.parse("2026-12-01T00:01:00Z"),
				List.of(new BackupManifest.Component("alpha", "synthetic", a.key(), a.size(), a.sha256(), 1, 20_000),
						new BackupManifest.Component("beta", "synthetic", b.key(), b.size(), b.sha256(), 1, 9_000))));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		source.writeArchive(ID, out);
		return out.toByteArray();
	}

	private BackupStore store(InMemoryStorageProvider provider) {
		return new BackupStore(new StorageLocations.Lease(provider, false), this.json,
				this.json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(), this.producers);
	}

}
