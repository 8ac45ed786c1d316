package org.backplane.service.storage.s3;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Tuning shared by every {@code s3} storage location: upload part sizes, parallelism,
 * timeouts and the retry policy (the one place where S3 retries are set). Per-location
 * settings (region, endpoint, encryption, storage class, checksums, credentials) are in
 * the location URI, see {@code docs/storage-providers.md}. Unknown keys under
 * {@code backplane.storage.s3} fail start-up.
 *
 * @param partSize the size of each multipart upload part, at least 5MB (S3's minimum);
 * one put holds at most {@code (maxPartsInFlight + 1) × partSize} in memory, and an
 * object has at most 10,000 parts, so the largest object is {@code 10,000 × partSize};
 * default 16MB (objects up to ~160 GB)
 * @param maxPartsInFlight parts of one put uploaded at once; default 4
 * @param downloadRangeSize objects larger than this are downloaded as ranges of this size
 * fetched in parallel (ranged GETs), smaller ones in one GET; 1MB to 1GB; default 16MB
 * @param downloadRangesInFlight ranges of one download fetched at once ahead of the
 * reader; one download holds at most
 * {@code (downloadRangesInFlight + 1) × downloadRangeSize} in memory (80MB by default, as
 * an upload); 0 reads every object in one GET stream; default 4
 * @param listPageSize keys asked for per list request, 1 to 1000; default 1000
 * @param maxAttempts attempts per request, including the first, for transient failures
 * (5xx, throttling, connection resets, timeouts); permanent ones (403, no such bucket)
 * are not retried; default 5
 * @param retryBaseDelay base delay of the exponential backoff (with jitter) between
 * attempts; default 200ms
 * @param retryMaxDelay longest delay between two attempts; default 20s
 * @param connectTimeout time to open a connection; default 10s
 * @param socketTimeout longest wait for data on an open connection; default 60s
 * @param maxConnections connections per location; default 50
 * @param singlePutSize a local file of at least one part and at most this size is put in
 * one request, streamed from the file (read again from its start if the request is
 * retried), rather than as a multipart upload: fewer requests, and no reassembly of parts
 * in the server; as rclone's {@code upload_cutoff}, default 200MB, at most 5GB (S3's
 * largest single put); 0 puts every object of a part or more in parts
 */
@ConfigurationProperties(prefix = "backplane.storage.s3", ignoreUnknownFields = false)
public record S3StorageProperties(@DefaultValue("16MB") DataSize partSize, @DefaultValue("4") int maxPartsInFlight,
		@DefaultValue("16MB") DataSize downloadRangeSize, @DefaultValue("4") int downloadRangesInFlight,
		@DefaultValue("1000") int listPageSize, @DefaultValue("5") int maxAttempts,
		@DefaultValue("200ms") Duration retryBaseDelay, @DefaultValue("20s") Duration retryMaxDelay,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("60s") Duration socketTimeout,
		@DefaultValue("50") int maxConnections, @DefaultValue("200MB") DataSize singlePutSize) {

	/** S3's smallest part size (except for the last part). */
	static final long MIN_PART_SIZE = 5L * 1024 * 1024;

	static final long MIN_RANGE_SIZE = 1024 * 1024;

	static final long MAX_RANGE_SIZE = 1024 * 1024 * 1024;

	/** S3's largest single put. */
	static final long MAX_SINGLE_PUT_SIZE = 5L * 1024 * 1024 * 1024;

	public S3StorageProperties {
		if (partSize.toBytes() < MIN_PART_SIZE || partSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(
					"backplane.storage.s3.part-size must be between 5MB and 2GB, was " + partSize);
		}
		if (maxPartsInFlight < 1 || maxPartsInFlight > 64) {
			throw new IllegalArgumentException(
					"backplane.storage.s3.max-parts-in-flight must be between 1 and 64, was " + maxPartsInFlight);
		}
		if (downloadRangeSize.toBytes() < MIN_RANGE_SIZE || downloadRangeSize.toBytes() > MAX_RANGE_SIZE) {
			throw new IllegalArgumentException(
					"backplane.storage.s3.download-range-size must be between 1MB and 1GB, was " + downloadRangeSize);
		}
		if (downloadRangesInFlight < 0 || downloadRangesInFlight > 64) {
			throw new IllegalArgumentException(
					"backplane.storage.s3.download-ranges-in-flight must be between 0 and 64, was "
							+ downloadRangesInFlight);
		}
		if (listPageSize < 1 || listPageSize > 1000) {
			throw new IllegalArgumentException(
					"backplane.storage.s3.list-page-size must be between 1 and 1000, was " + listPageSize);
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException(
					"backplane.storage.s3.max-attempts must be at least 1, was " + maxAttempts);
		}
		if (maxConnections < 1) {
			throw new IllegalArgumentException(
					"backplane.storage.s3.max-connections must be at least 1, was " + maxConnections);
		}
		if (singlePutSize.toBytes() < 0 || singlePutSize.toBytes() > MAX_SINGLE_PUT_SIZE) {
			throw new IllegalArgumentException(
					"backplane.storage.s3.single-put-size must be between 0 and 5GB, was " + singlePutSize);
		}
	}

	/**
	 * The defaults, as bound from empty configuration.
	 * @return default settings
	 */
	public static S3StorageProperties defaults() {
		return new S3StorageProperties(DataSize.ofMegabytes(16), 4, DataSize.ofMegabytes(16), 4, 1000, 5,
				Duration.ofMillis(200), Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(60), 50,
				DataSize.ofMegabytes(200));
	}

	/**
	 * A copy with other download ranges (tests exercise ranged downloads with small
	 * ones).
	 * @param rangeSize the range size in bytes
	 * @param rangesInFlight ranges fetched at once
	 * @return the copy
	 */
	public S3StorageProperties withDownloadRanges(long rangeSize, int rangesInFlight) {
		return new S3StorageProperties(this.partSize, this.maxPartsInFlight, DataSize.ofBytes(rangeSize),
				rangesInFlight, this.listPageSize, this.maxAttempts, this.retryBaseDelay, this.retryMaxDelay,
				this.connectTimeout, this.socketTimeout, this.maxConnections, this.singlePutSize);
	}

	/**
	 * A copy with another part size and list page size (tests exercise multipart and
	 * pagination with small ones).
	 * @param partSize the part size in bytes
	 * @param listPageSize keys per list request
	 * @return the copy
	 */
	public S3StorageProperties withSizes(long partSize, int listPageSize) {
		return new S3StorageProperties(DataSize.ofBytes(partSize), this.maxPartsInFlight, this.downloadRangeSize,
				this.downloadRangesInFlight, listPageSize, this.maxAttempts, this.retryBaseDelay, this.retryMaxDelay,
				this.connectTimeout, this.socketTimeout, this.maxConnections, this.singlePutSize);
	}

	/**
	 * A copy with another single put size (tests put files in one request with small
	 * ones).
	 * @param singlePutSize the size in bytes
	 * @return the copy
	 */
	public S3StorageProperties withSinglePutSize(long singlePutSize) {
		return new S3StorageProperties(this.partSize, this.maxPartsInFlight, this.downloadRangeSize,
				this.downloadRangesInFlight, this.listPageSize, this.maxAttempts, this.retryBaseDelay,
				this.retryMaxDelay, this.connectTimeout, this.socketTimeout, this.maxConnections,
				DataSize.ofBytes(singlePutSize));
	}

}
