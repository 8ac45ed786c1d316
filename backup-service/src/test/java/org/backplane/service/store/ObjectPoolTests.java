package org.backplane.service.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

import org.backplane.service.storage.InMemoryStorageProvider;
import org.backplane.service.storage.StorageLocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's garbage collection with runs far smaller than the pool, so that both the
 * pool's listing and the references go through runs on disk: exactly the contents no
 * manifest's index references are deleted.
 */
class ObjectPoolTests {

	private static final String ID = "buckets-0b7e9c1a-5f0e-4a51-9d51-1f6f3f0c2a77";

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
	void deletesExactlyTheUnreferencedContentsWhenThePoolIsLargerThanARun() throws IOException {
		ObjectPool pool = this.store.pool();
		List<String> contents = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			byte[] bytes = ("content " + i).getBytes(StandardCharsets.UTF_8);
			String sha256 = HexFormat.of().formatHex(Artifacts.sha256().digest(bytes));
			pool.put(sha256, bytes.length, new ByteArrayInputStream(bytes));
			contents.add(sha256);
		}
		// every other content referenced, some twice, and one that is not in the pool
		List<String> referenced = new ArrayList<>();
		for (int i = 0; i < 40; i += 2) {
			referenced.add(contents.get(i));
		}
		List<String> lines = new ArrayList<>(referenced);
		lines.addAll(referenced.subList(0, 5));
		lines.add("f".repeat(64));
		BackupStore.Written index = this.store.putArtifact(ID, "buckets", ObjectPool.INDEX_EXTENSION, (out) -> {
			GZIPOutputStream gzip = new GZIPOutputStream(out);
			for (String sha256 : lines) {
				gzip.write(("{\"key\":\"k\",\"sha256\":\"" + sha256 + "\"}\n").getBytes(StandardCharsets.UTF_8));
			}
			gzip.finish();
		});
		this.store.putManifest(new BackupManifest(1, ID, "buckets", "1.0", Instant.parse("2026-12-01T00:00:00Z"),
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

}
