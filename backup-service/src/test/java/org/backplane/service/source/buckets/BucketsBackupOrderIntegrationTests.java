package org.backplane.service.source.buckets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import org.backplane.service.source.ContentPool;
import org.backplane.service.source.PooledSourceComponent.BackupRun;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.SourceComponent.Progress;
import org.backplane.service.source.SourceComponent.Totals;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of a backup's work against a real S3Proxy: a bucket that is listed starts
 * copying while another, larger one is still listed, and the progress waits for the
 * totals of the whole listing.
 */
class BucketsBackupOrderIntegrationTests {

	/** Three pages of listing: a chain of requests, one after the other. */
	private static final int MANY = 3000;

	private static final int LARGE = 3 * 1024 * 1024;

	private static S3Client source;

	@TempDir
	Path spool;

	@BeforeAll
	static void buckets() throws Exception {
		source = BucketsSourceIntegrationTests.client(TestServers.bucketSource().endpoint());
		source.createBucket((r) -> r.bucket("order-many"));
		source.createBucket((r) -> r.bucket("order-one"));
		ExecutorService puts = Executors.newFixedThreadPool(8);
		List<Future<?>> done = new ArrayList<>();
		for (int i = 0; i < MANY; i++) {
			String key = "k-%05d".formatted(i);
			done.add(puts.submit(() -> source.putObject((r) -> r.bucket("order-many").key(key),
					RequestBody.fromString("content of " + key))));
		}
		for (Future<?> put : done) {
			put.get();
		}
		puts.shutdown();
		byte[] large = new byte[LARGE];
		new Random(17).nextBytes(large);
		source.putObject((r) -> r.bucket("order-one").key("large.bin"), RequestBody.fromBytes(large));
	}

	@AfterAll
	static void stop() {
		source.close();
	}

	@Test
	void aListedBucketIsCopiedWhileAnotherIsListedAndProgressWaitsForTheTotals() throws Exception {
		List<String> events = Collections.synchronizedList(new ArrayList<>());
		MemoryPool pool = new MemoryPool(events);
		List<Totals> totals = new ArrayList<>();
		AtomicLong items = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		Progress progress = (i, b) -> {
			events.add("progress");
			items.addAndGet(i);
			bytes.addAndGet(b);
		};
		BackupRun run = new BackupRun(pool, null, Map.of(), (t) -> {
			events.add("totals");
			totals.add(t);
		}, progress, Progress.NONE);
		ByteArrayOutputStream index = new ByteArrayOutputStream();
		component().backup(index, run);

		assertThat(totals).containsExactly(new Totals(MANY + 1, expectedBytes()));
		// the large object of the bucket listed at once was stored before the other
		// bucket's three pages were in
		assertThat(events.indexOf("put " + LARGE)).as(String.join(",", events.subList(0, 5)))
			.isNotNegative()
			.isLessThan(events.indexOf("totals"));
		// and counted only after the totals
		assertThat(events.indexOf("progress")).isGreaterThan(events.indexOf("totals"));
		assertThat(items).hasValue(MANY + 1);
		assertThat(bytes).hasValue(expectedBytes());
		List<String> lines = new String(
				new GZIPInputStream(new ByteArrayInputStream(index.toByteArray())).readAllBytes())
			.lines()
			.toList();
		// the buckets' settings lines first, then every object once
		assertThat(lines.subList(0, 2)).allMatch((l) -> l.contains("\"type\":\"bucket\""));
		assertThat(lines.stream().filter((l) -> l.contains("\"type\":\"object\""))).hasSize(MANY + 1);
		assertThat(pool.contents).hasSize(MANY + 1);
	}

	private static long expectedBytes() {
		long bytes = LARGE;
		for (int i = 0; i < MANY; i++) {
			bytes += ("content of " + "k-%05d".formatted(i)).length();
		}
		return bytes;
	}

	private BucketsSourceComponent component() {
		BucketsSourceProperties properties = new BucketsSourceProperties("buckets",
				TestServers.bucketSource().endpoint(), "us-east-1", null,
				Map.of("ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY),
				List.of("order-*"), List.of(), RestorePolicy.FAIL_IF_EXISTS, null, 8, DataSize.ofMegabytes(1),
				DataSize.ofGigabytes(1), Duration.ofSeconds(10), Duration.ofSeconds(60), null, "us-east-1", null, null);
		return new BucketsSourceComponent("order", properties, "order-", this.spool);
	}

	/**
	 * The pool in memory, telling each content stored; the pool's storage is not what
	 * this test is about (BucketsSourceIntegrationTests stores through the service).
	 */
	static final class MemoryPool implements ContentPool {

		final Map<String, byte[]> contents = new ConcurrentHashMap<>();

		private final List<String> events;

		MemoryPool(List<String> events) {
			this.events = events;
		}

		@Override
		public boolean contains(String sha256) {
			return this.contents.containsKey(sha256);
		}

		@Override
		public boolean putFile(String sha256, long size, Path file) throws IOException {
			byte[] content = Files.readAllBytes(file);
			assertThat(BucketsSourceComponent.sha256(content)).isEqualTo(sha256);
			this.events.add("put " + content.length);
			return this.contents.putIfAbsent(sha256, content) == null;
		}

		@Override
		public Stored put(byte[] content, int length) {
			byte[] copy = Arrays.copyOf(content, length);
			String sha256 = BucketsSourceComponent.sha256(copy);
			this.events.add("put " + length);
			return new Stored(sha256, this.contents.putIfAbsent(sha256, copy) == null);
		}

		@Override
		public InputStream open(String sha256) {
			return new ByteArrayInputStream(this.contents.get(sha256));
		}

	}

}
