package org.backplane.service.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.backplane.service.storage.InMemoryStorageProvider;
import org.backplane.service.storage.StorageLocations;
import org.backplane.service.storage.StorageObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The backup store over a storage provider: artifacts streamed in with their SHA-256, the
 * manifest written and read back and checked, manifests listed, a backup's objects
 * deleted manifest first, and the object pool's garbage collection.
 */
class BackupStoreTests {

	private static final String ID = "nightly-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77";

	private static final String POOLED_ID = "buckets-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77";

	private final InMemoryStorageProvider provider = new InMemoryStorageProvider();

	private final ExecutorService producers = Executors.newCachedThreadPool();

	private final JsonMapper json = JsonMapper.builder().build();

	private final BackupStore store = new BackupStore(new StorageLocations.Lease(this.provider, false), this.json,
			this.json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(), this.producers);

	@AfterEach
	void stopProducers() {
		this.producers.shutdownNow();
	}

	@Test
	void storesAnArtifactUnderTheBackupWithItsSizeAndSha256() throws IOException {
		byte[] content = "hello, backplane".getBytes(StandardCharsets.UTF_8);
		BackupStore.Written written = this.store.putArtifact(ID, "sample", "tar.gz", (out) -> out.write(content));
		assertThat(written.key()).isEqualTo("backups/" + ID + "/sample.tar.gz");
		assertThat(written.size()).isEqualTo(content.length);
		// sha256sum of the same 16 bytes
		assertThat(written.sha256()).isEqualTo("4fca492b2374f13ab9b614a48e1d52a7a1ab46f81e0a75c971f965af8b0e11e7");
		try (InputStream in = this.store.openArtifact(written.key(), written.sha256())) {
			assertThat(in.readAllBytes()).isEqualTo(content);
		}
		assertThatExceptionOfType(ArtifactCorruptedException.class)
			.isThrownBy(() -> this.store.verifyArtifact(written.key(), "0".repeat(64)));
	}

	@Test
	void aFailingProducerStoresNothingAndItsFailureIsTheOneReported() throws IOException {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.store.putArtifact(ID, "sample", "tar", (out) -> {
				out.write(new byte[10]);
				throw new IOException("source vanished");
			}))
			.withMessageContaining("source vanished");
		assertThat(keys()).isEmpty();
	}

	@Test
	void aStorageFailureMidUploadIsReportedAsTheStorageSaidIt() {
		// the provider stops reading after 2 MiB: the producer, still writing, only sees
		// the
		// pipe closed, which must not hide why
		InMemoryStorageProvider failing = new InMemoryStorageProvider() {
			@Override
			public long put(String key, InputStream data) throws IOException {
				data.readNBytes(2 * 1024 * 1024);
				throw new IOException("S3 answered 500 InternalError: We encountered an internal error");
			}
		};
		BackupStore store = new BackupStore(new StorageLocations.Lease(failing, false), this.json, this.json,
				this.producers);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> store.putArtifact(ID, "big", "tar", (out) -> out.write(new byte[8 * 1024 * 1024])))
			.withMessage("S3 answered 500 InternalError: We encountered an internal error");
	}

	@Test
	void readsBackTheManifestItWrote() throws IOException {
		BackupManifest manifest = manifest(ID, BackupManifest.FORMAT_VERSION);
		assertThat(this.store.putManifest(manifest)).isEqualTo(BackupStore.manifestKey(ID));
		assertThat(this.store.readManifest(ID)).isEqualTo(manifest);
	}

	@Test
	void theManifestRecordsWhereTheDataWentAndAManifestWithoutItStillReads() throws IOException {
		BackupManifest placed = new BackupManifest(1, ID, "nightly", "0.1.0", Instant.parse("2026-11-21T19:45:12Z"),
				Instant.parse("2026-11-21T19:45:13Z"), List.of(), new BackupManifest.Storage("team",
						"s3://team-a/p/?region=us-east-1", "team-b", "http://10.0.0.5:9000"));
		this.store.putManifest(placed);
		assertThat(this.store.readManifest(ID)).isEqualTo(placed);
		try (InputStream in = this.provider.get(BackupStore.manifestKey(ID))) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
				.contains("\"storage\":{\"location\":\"team\",\"uri\":\"s3://team-a/p/?region=us-east-1\","
						+ "\"bucket\":\"team-b\",\"endpoint\":\"http://10.0.0.5:9000\"}");
		}
		// as versions before the field wrote it, and as a later one might, with a field
		// this one does not know
		String other = "older-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77";
		this.provider.put(BackupStore.manifestKey(other),
				new ByteArrayInputStream(("{\"formatVersion\":1," + "\"backupId\":\"" + other
						+ "\",\"label\":\"older\",\"serviceVersion\":\"0.1.0\","
						+ "\"createdAt\":\"2026-11-21T19:45:12Z\",\"completedAt\":\"2026-11-21T19:45:13Z\","
						+ "\"components\":[],\"comingLater\":{\"x\":1}}")
					.getBytes(StandardCharsets.UTF_8)));
		BackupManifest older = this.store.readManifest(other);
		assertThat(older.backupId()).isEqualTo(other);
		assertThat(older.storage()).isNull();
	}

	@Test
	void refusesAManifestOfANewerFormatOrOfAnotherBackup() throws IOException {
		this.provider.put(BackupStore.manifestKey(ID), json(manifest(ID, 99)));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.store.readManifest(ID))
			.withMessageContaining("format version 99");
		String other = "other-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77";
		this.provider.put(BackupStore.manifestKey(other), json(manifest(ID, 1)));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.store.readManifest(other))
			.withMessageContaining("names another backup");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.store.readManifest("gone-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77"))
			.withMessageContaining("has no manifest");
	}

	@Test
	void listsTheBackupsThatHaveAManifest() throws IOException {
		String incomplete = "half-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77";
		this.store.putArtifact(ID, "sample", "tar", (out) -> out.write(1));
		this.store.putManifest(manifest(ID, 1));
		this.store.putArtifact(incomplete, "sample", "tar", (out) -> out.write(1));
		try (Stream<String> ids = this.store.listManifests()) {
			assertThat(ids).containsExactly(ID);
		}
	}

	@Test
	void deletesEveryObjectOfABackupAndNoOther() throws IOException {
		String kept = "kept-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77";
		for (String id : List.of(ID, kept)) {
			this.store.putArtifact(id, "a", "tar", (out) -> out.write(1));
			this.store.putArtifact(id, "b", "tar", (out) -> out.write(2));
			this.store.putManifest(manifest(id, 1));
		}
		this.store.deleteBackup(ID);
		assertThat(keys()).allMatch((key) -> key.startsWith("backups/" + kept + "/")).hasSize(3);
	}

	private List<String> keys() throws IOException {
		try (Stream<StorageObject> objects = this.provider.list("")) {
			return objects.map(StorageObject::key).toList();
		}
	}

	private InputStream json(BackupManifest manifest) {
		return new ByteArrayInputStream(this.json.writeValueAsBytes(manifest));
	}

	private static BackupManifest manifest(String id, int formatVersion) {
		return new BackupManifest(formatVersion, id, id.substring(0, id.indexOf('-')), "0.1.0",
				Instant.parse("2026-11-21T19:45:12.679880Z"), Instant.parse("2026-11-21T19:45:13.401112Z"),
				List.of(new BackupManifest.Component("sample", "directory", "backups/" + id + "/sample.tar.gz", 657,
						"9fa99e3fd5b5df1c323f472c405b65e1827fd2d3349dfdcca4ae64e339af39c5", 2, 241)));
	}

	// the pool's garbage collection with runs far smaller than the pool, so that both the
	// pool's listing and the references go through runs on disk
	@Test
	void deletesExactlyTheUnreferencedContentsWhenThePoolIsLargerThanARun() throws IOException {
		ObjectPool pool = this.store.pool();
		List<String> contents = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			byte[] bytes = ("content " + i).getBytes(StandardCharsets.UTF_8);
			contents.add(pool.put(bytes, bytes.length).sha256());
		}
		// every other content referenced, some twice, and one that is not in the pool
		List<String> referenced = new ArrayList<>();
		for (int i = 0; i < 40; i += 2) {
			referenced.add(contents.get(i));
		}
		List<String> lines = new ArrayList<>(referenced);
		lines.addAll(referenced.subList(0, 5));
		lines.add("f".repeat(64));
		BackupStore.Written index = this.store.putArtifact(POOLED_ID, "buckets", ObjectPool.INDEX_EXTENSION, (out) -> {
			GZIPOutputStream gzip = new GZIPOutputStream(out);
			for (String sha256 : lines) {
				gzip.write(("{\"key\":\"k\",\"sha256\":\"" + sha256 + "\"}\n").getBytes(StandardCharsets.UTF_8));
			}
			gzip.finish();
		});
		this.store.putManifest(new BackupManifest(1, POOLED_ID, "buckets", "1.0", Instant.parse("2026-12-01T00:00:00Z"),
				Instant.parse("2026-12-01T00:01:00Z"), List.of(new BackupManifest.Component("buckets", "buckets",
						index.key(), index.size(), index.sha256(), lines.size(), 0))));

		ObjectPool.Collected collected = pool.collectGarbage(3);

		assertThat(collected.pooled()).isEqualTo(40);
		assertThat(collected.referenced()).isEqualTo(21);
		assertThat(collected.deleted()).isEqualTo(20);
		TreeSet<String> left = new TreeSet<>();
		for (String sha256 : contents) {
			if (pool.contains(sha256)) {
				left.add(sha256);
			}
		}
		assertThat(left).containsExactlyElementsOf(new TreeSet<>(referenced));
		assertThat(pool.collectGarbage(3).deleted()).as("nothing left to collect").isZero();
	}

	@Test
	void aContentPutFromMemoryIsStoredUnderItsOwnSha256OnceAndReadsBackVerified() throws IOException {
		ObjectPool pool = this.store.pool();
		byte[] buffer = "small object, then the buffer's unused tail".getBytes(StandardCharsets.UTF_8);
		int length = "small object".length();
		String expected = HexFormat.of()
			.formatHex(Artifacts.sha256().digest("small object".getBytes(StandardCharsets.UTF_8)));

		ObjectPool.Stored first = pool.put(buffer, length);
		ObjectPool.Stored again = pool.put(buffer, length);

		assertThat(first.sha256()).isEqualTo(expected);
		assertThat(first.stored()).isTrue();
		assertThat(again.sha256()).isEqualTo(expected);
		assertThat(again.stored()).as("the same content is not stored twice").isFalse();
		try (InputStream in = pool.open(expected)) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("small object");
		}
		try (Stream<StorageObject> pooled = this.provider.list("objects/")) {
			assertThat(pooled.map(StorageObject::key))
				.containsExactly("objects/" + expected.substring(0, 2) + "/" + expected);
		}
	}

}
