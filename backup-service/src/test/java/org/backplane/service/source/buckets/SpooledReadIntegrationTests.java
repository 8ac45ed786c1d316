package org.backplane.service.source.buckets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.backplane.service.testservers.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large object read into its spool file in ranges side by side, against a real S3Proxy:
 * the file and the SHA-256 are the object's, the headers its own; an object rewritten
 * since the listing is read again whole, as it is now.
 */
class SpooledReadIntegrationTests {

	private static final String BUCKET = "spooled-read";

	private static final int MB = 1024 * 1024;

	private static S3Client source;

	private static final ExecutorService ranges = Executors.newFixedThreadPool(3);

	@TempDir
	Path spool;

	@BeforeAll
	static void bucket() {
		source = BucketsSourceIntegrationTests.client(TestServers.bucketSource().endpoint());
		source.createBucket((r) -> r.bucket(BUCKET));
	}

	@AfterAll
	static void stop() {
		ranges.shutdownNow();
		source.close();
	}

	@Test
	void readsInRangesTheObjectsBytesAndHeaders() throws Exception {
		// 3.5 ranges of 1 MB, two at once
		byte[] content = random(3 * MB + MB / 2, 1);
		put("ranged.bin", content);
		SpooledRead.Result read = new SpooledRead(source, ranges, MB, 2).read(BUCKET, listed("ranged.bin"), file());
		assertThat(Files.readAllBytes(this.spool.resolve("object.spool"))).isEqualTo(content);
		assertThat(read.sha256()).isEqualTo(BucketsSourceComponent.sha256(content));
		assertThat(read.size()).isEqualTo(content.length);
		assertThat(read.response().contentType()).isEqualTo("application/x-test");
		assertThat(read.response().metadata()).containsEntry("origin", "ranged");
	}

	@Test
	void anObjectRewrittenSinceTheListingIsReadAsItIsNow() throws Exception {
		// larger, smaller, the same size: read in the listed ranges, each would give
		// other bytes than the object's now
		for (int size : new int[] { 3 * MB + 7, MB + MB / 2, 2 * MB + 5 }) {
			put("rewritten.bin", random(2 * MB + 5, size));
			S3Object listed = listed("rewritten.bin");
			byte[] now = random(size, size + 1);
			put("rewritten.bin", now);
			Files.deleteIfExists(this.spool.resolve("object.spool"));
			SpooledRead.Result read = new SpooledRead(source, ranges, MB, 2).read(BUCKET, listed, file());
			assertThat(Files.readAllBytes(this.spool.resolve("object.spool"))).isEqualTo(now);
			assertThat(read.sha256()).isEqualTo(BucketsSourceComponent.sha256(now));
			assertThat(read.size()).isEqualTo(size);
		}
	}

	@Test
	void anObjectOfOneRangeIsReadWhole() throws Exception {
		byte[] content = random(MB - 1, 4);
		put("one-range.bin", content);
		SpooledRead.Result read = new SpooledRead(source, ranges, MB, 2).read(BUCKET, listed("one-range.bin"), file());
		assertThat(Files.readAllBytes(this.spool.resolve("object.spool"))).isEqualTo(content);
		assertThat(read.sha256()).isEqualTo(BucketsSourceComponent.sha256(content));
	}

	private Path file() throws Exception {
		return Files.createFile(this.spool.resolve("object.spool"));
	}

	private static void put(String key, byte[] content) {
		source.putObject(
				(r) -> r.bucket(BUCKET)
					.key(key)
					.contentType("application/x-test")
					.metadata(Map.of("origin", key.startsWith("ranged") ? "ranged" : "other")),
				RequestBody.fromBytes(content));
	}

	private static S3Object listed(String key) {
		return source.listObjectsV2((r) -> r.bucket(BUCKET).prefix(key)).contents().get(0);
	}

	private static byte[] random(int size, long seed) {
		byte[] content = new byte[size];
		new Random(seed).nextBytes(content);
		return content;
	}

}
