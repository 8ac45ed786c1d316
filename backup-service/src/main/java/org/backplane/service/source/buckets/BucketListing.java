package org.backplane.service.source.buckets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import org.backplane.service.support.CodePointOrder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a bucket in key ranges at once, cut where the previous backup's keys of the
 * bucket fall in equal shares. A listing is a chain of pages, each request waiting for
 * the last page's end; ranges run side by side (bench/buckets: the listing was nearly all
 * of an unchanged backup). Range {@code i} lists with {@code StartAfter} its lower bound
 * and stops past its upper bound, keeping only the keys between, so the ranges put
 * together are the bucket's listing in its order, each key once, even if the bucket
 * changed since the previous backup (new keys fall into some range; a server that ignored
 * {@code StartAfter} would cost more pages, not a wrong listing). Without a previous
 * backup the bucket is listed as one range.
 */
final class BucketListing {

	/** S3's order of keys: by UTF-8 bytes, which is code point order. */
	static final Comparator<String> KEY_ORDER = CodePointOrder.COMPARATOR;

	/** A range of fewer keys than this is not worth a chain of its own. */
	static final int MIN_RANGE_KEYS = 2000;

	/** Keys per page at most, as S3 answers. */
	private static final int PAGE = 1000;

	private BucketListing() {
	}

	/**
	 * Where to cut a bucket's listing into ranges.
	 * @param previousKeys the bucket's keys in the previous backup, in any order
	 * @param maxRanges the most ranges to list at once
	 * @param minRangeKeys the fewest previous keys per range
	 * @return the ranges' bounds, in key order: range {@code i} holds the keys after
	 * bound {@code i - 1} and up to bound {@code i}; empty for one range
	 */
	static List<String> bounds(Collection<String> previousKeys, int maxRanges, int minRangeKeys) {
		int ranges = Math.min(maxRanges, previousKeys.size() / minRangeKeys);
		if (ranges < 2) {
			return List.of();
		}
		List<String> sorted = new ArrayList<>(previousKeys);
		sorted.sort(KEY_ORDER);
		List<String> bounds = new ArrayList<>(ranges - 1);
		for (int i = 1; i < ranges; i++) {
			String bound = orderSafe(sorted.get((int) ((long) sorted.size() * i / ranges) - 1));
			if (!bound.isEmpty() && (bounds.isEmpty() || KEY_ORDER.compare(bounds.get(bounds.size() - 1), bound) < 0)) {
				bounds.add(bound);
			}
		}
		return bounds;
	}

	// A key cut before its first character at or above U+D800. Any key compares with
	// such a bound the same way in S3's order (UTF-8 bytes, code points) and in UTF-16
	// order (Java's, which some S3-compatible servers list in): the two differ only
	// between surrogate pairs and U+E000..U+FFFF. So a server listing in either order
	// returns after the bound exactly the keys this class counts after it, and no key
	// is lost or listed twice.
	static String orderSafe(String key) {
		for (int i = 0; i < key.length(); i++) {
			if (key.charAt(i) >= '\uD800') {
				return key.substring(0, i);
			}
		}
		return key;
	}

	/**
	 * Submits the listing of a bucket, one task per range, cut by the previous backup's
	 * keys.
	 * @param client the source
	 * @param bucket the bucket
	 * @param previousKeys the bucket's keys in the previous backup (empty if none)
	 * @param maxRanges the most ranges
	 * @param workers runs the ranges
	 * @param rangeEnded called as each range ends (listed, failed or cancelled), once it
	 * is done
	 * @return the ranges' listings, in key order: put together, the bucket's listing
	 */
	static List<Future<List<S3Object>>> submitCutBy(Collection<String> previousKeys, S3Client client, String bucket,
			int maxRanges, ExecutorService workers, Runnable rangeEnded) {
		List<String> bounds = bounds(previousKeys, maxRanges, MIN_RANGE_KEYS);
		return submit(client, bucket, bounds, previousKeys.size() / (bounds.size() + 1), workers, rangeEnded);
	}

	/**
	 * Submits the listing of a bucket, one task per range.
	 * @param client the source
	 * @param bucket the bucket
	 * @param bounds where to cut ({@link #bounds})
	 * @param expectedPerRange about how many keys a range holds (0: unknown)
	 * @param workers runs the ranges
	 * @param rangeEnded called as each range ends (listed, failed or cancelled), once it
	 * is done
	 * @return the ranges' listings, in key order: put together, the bucket's listing
	 */
	static List<Future<List<S3Object>>> submit(S3Client client, String bucket, List<String> bounds,
			int expectedPerRange, ExecutorService workers, Runnable rangeEnded) {
		List<Future<List<S3Object>>> ranges = new ArrayList<>();
		for (int i = 0; i <= bounds.size(); i++) {
			String after = (i > 0) ? bounds.get(i - 1) : null;
			String upTo = (i < bounds.size()) ? bounds.get(i) : null;
			FutureTask<List<S3Object>> range = new FutureTask<>(
					() -> listRange(client, bucket, after, upTo, expectedPerRange)) {
				@Override
				protected void done() {
					rangeEnded.run();
				}
			};
			ranges.add(range);
			workers.execute(range);
		}
		return ranges;
	}

	/**
	 * Whether every range of a bucket has ended, so {@link #join} does not wait.
	 * @param ranges what {@link #submit} returned
	 * @return whether all are done
	 */
	static boolean ended(List<Future<List<S3Object>>> ranges) {
		return ranges.stream().allMatch(Future::isDone);
	}

	/**
	 * Waits for a bucket's ranges and puts them together.
	 * @param bucket the bucket, for messages
	 * @param ranges what {@link #submit} returned
	 * @return the bucket's objects in key order
	 * @throws IOException if interrupted (the ranges are cancelled)
	 */
	static List<S3Object> join(String bucket, List<Future<List<S3Object>>> ranges) throws IOException {
		List<S3Object> objects = new ArrayList<>();
		try {
			for (Future<List<S3Object>> range : ranges) {
				objects.addAll(PendingTransfers.await(range, "listing bucket " + bucket));
			}
			return objects;
		}
		catch (IOException | RuntimeException ex) {
			ranges.forEach((f) -> f.cancel(true));
			throw ex;
		}
	}

	/**
	 * The keys of a bucket after one key and up to another, in order.
	 * @param client the source
	 * @param bucket the bucket
	 * @param after the lower bound, excluded; {@code null} from the first key
	 * @param upTo the upper bound, included; {@code null} to the last key
	 * @param expected about how many keys the range holds (0: unknown): pages are sized
	 * to it, so the last page does not read far into the next range
	 * @return the range's objects
	 */
	static List<S3Object> listRange(S3Client client, String bucket, String after, String upTo, int expected) {
		List<S3Object> objects = new ArrayList<>();
		String token = null;
		while (true) {
			String continuation = token;
			int remaining = expected - objects.size();
			int maxKeys = (expected > 0 && upTo != null) ? Math.max(16, Math.min(PAGE, remaining + remaining / 8 + 16))
					: PAGE;
			ListObjectsV2Response page = client.listObjectsV2((r) -> {
				r.bucket(bucket).maxKeys(maxKeys);
				if (continuation != null) {
					r.continuationToken(continuation);
				}
				else if (after != null) {
					r.startAfter(after);
				}
			});
			for (S3Object object : page.contents()) {
				if (after != null && KEY_ORDER.compare(object.key(), after) <= 0) {
					continue;
				}
				int toBound = (upTo != null) ? KEY_ORDER.compare(object.key(), upTo) : -1;
				if (toBound > 0) {
					return objects;
				}
				objects.add(object);
				if (toBound == 0) {
					// the bound is the range's last key: no page more to learn that
					return objects;
				}
			}
			if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextContinuationToken() == null) {
				return objects;
			}
			token = page.nextContinuationToken();
		}
	}

}
