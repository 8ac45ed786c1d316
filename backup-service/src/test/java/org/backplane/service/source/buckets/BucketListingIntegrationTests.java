package org.backplane.service.source.buckets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.backplane.service.testservers.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bucket listed in ranges cut by an earlier listing's keys, against a real S3Proxy: put
 * together, the ranges are the bucket's listing, in its order, each key once, after keys
 * were added everywhere (before the first bound, at and between the bounds, after the
 * last) and removed (the bound keys themselves among them), with keys whose characters
 * sort differently in UTF-8 and UTF-16 order.
 */
class BucketListingIntegrationTests {

	private static final String BUCKET = "listing-ranges";

	private static S3Client source;

	private static final ExecutorService workers = Executors.newFixedThreadPool(4);

	@BeforeAll
	static void bucket() {
		source = BucketsSourceIntegrationTests.client(TestServers.bucketSource().endpoint());
		source.createBucket((r) -> r.bucket(BUCKET));
		for (int i = 0; i < 60; i++) {
			put("k-%04d".formatted(i * 101));
		}
	}

	@AfterAll
	static void stop() {
		workers.shutdownNow();
		source.close();
	}

	@Test
	void rangesPutTogetherAreTheBucketsListing() throws Exception {
		List<String> before = new ArrayList<>();
		for (int i = 0; i < 240; i++) {
			before.add(switch (i % 6) {
				case 0 -> "k-%04d".formatted(i);
				case 1 -> "dir/sub/k-%04d".formatted(i);
				case 2 -> "ünï-%04d".formatted(i);
				// a supplementary character (a surrogate pair in UTF-16) and one above
				// U+E000: UTF-8 puts the first after the second, UTF-16 before
				case 3 -> "\uD83D\uDE00-%04d".formatted(i);
				case 4 -> "\uFF21-%04d".formatted(i);
				default -> "k-%04d\uD83D\uDE00x".formatted(i);
			});
		}
		before.forEach(BucketListingIntegrationTests::put);
		List<String> bounds = BucketListing.bounds(before, 6, 20);
		assertThat(bounds).hasSizeGreaterThanOrEqualTo(3);
		for (int i = 1; i < bounds.size(); i++) {
			assertThat(BucketListing.KEY_ORDER.compare(bounds.get(i - 1), bounds.get(i))).isNegative();
		}
		assertThat(bounds).allSatisfy((b) -> assertThat(b.chars().allMatch((c) -> c < 0xD800)).isTrue());
		// The bucket changes after the cut: every bound key and every seventh key gone,
		// new keys around each bound, before the first and after the last
		Random random = new Random(3);
		for (String bound : bounds) {
			delete(bound);
			put(bound + "0");
			put(bound.substring(0, bound.length() - 1));
		}
		for (int i = 0; i < before.size(); i += 7) {
			delete(before.get(i));
		}
		put("!first");
		put("\uDBFF\uDFFF-last");
		put("k-0100-" + random.nextInt(1000));
		List<String> serial = BucketsSourceComponent.list(source, BUCKET).stream().map(S3Object::key).toList();
		// pages of 16 keys or so: each range takes several, through continuation tokens
		List<String> ranged = BucketListing
			.join(BUCKET, BucketListing.submit(source, BUCKET, bounds, 5, workers, () -> {
			}))
			.stream()
			.map(S3Object::key)
			.toList();
		assertThat(ranged).containsExactlyElementsOf(serial);
		assertThat(new HashSet<>(ranged)).hasSameSizeAs(ranged);
		// and with pages sized for the ranges, as a backup lists
		assertThat(BucketListing.join(BUCKET,
				BucketListing.submit(source, BUCKET, bounds, before.size() / (bounds.size() + 1), workers, () -> {
				}))
			.stream()
			.map(S3Object::key)
			.toList()).containsExactlyElementsOf(serial);
	}

	@Test
	void aBackupCutsByThePreviousKeys() throws Exception {
		// the previous backup held 2 × MIN_RANGE_KEYS keys (they need not exist now):
		// two ranges, which put together are the bucket's listing
		List<String> previous = new ArrayList<>();
		for (int i = 0; i < 2 * BucketListing.MIN_RANGE_KEYS; i++) {
			previous.add("k-%04d".formatted(i * 3));
		}
		List<String> serial = BucketsSourceComponent.list(source, BUCKET).stream().map(S3Object::key).toList();
		Semaphore ended = new Semaphore(0);
		var ranges = BucketListing.submitCutBy(previous, source, BUCKET, 8, workers, ended::release);
		assertThat(ranges).hasSize(2);
		// each range tells it ended: the backup waits on that to start copying a bucket
		assertThat(ended.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();
		assertThat(BucketListing.ended(ranges)).isTrue();
		assertThat(BucketListing.join(BUCKET, ranges).stream().map(S3Object::key).toList())
			.containsExactlyElementsOf(serial);
		assertThat(BucketListing.submitCutBy(previous.subList(0, 100), source, BUCKET, 8, workers, () -> {
		})).hasSize(1);
	}

	private static void put(String key) {
		source.putObject((r) -> r.bucket(BUCKET).key(key), RequestBody.empty());
	}

	private static void delete(String key) {
		source.deleteObject((r) -> r.bucket(BUCKET).key(key));
	}

}
