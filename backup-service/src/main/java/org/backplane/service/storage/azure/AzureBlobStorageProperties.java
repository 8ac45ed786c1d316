package org.backplane.service.storage.azure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Tuning shared by every {@code azure} storage location: block sizes, parallelism and the
 * retry policy (the one place where Azure retries are set). Per-location settings
 * (account, container, endpoint, credentials) are in the location, see
 * {@code docs/storage-providers.md}. Unknown keys under {@code backplane.storage.azure}
 * fail start-up.
 *
 * @param blockSize the size of each staged block; one put holds at most
 * {@code (maxBlocksInFlight + 1) × blockSize} in memory, and a blob has at most 50,000
 * blocks; default 8MB (blobs up to ~400 GB)
 * @param maxBlocksInFlight blocks of one put staged at once; default 4
 * @param downloadBlockSize bytes fetched per request when reading a blob; default 4MB
 * @param listPageSize blob names asked for per list request, 1 to 5000; default 1000
 * @param maxTries attempts per request, including the first, for transient failures (5xx,
 * throttling, connection resets, timeouts); 4xx answers such as 403 or ContainerNotFound
 * are not retried; default 5
 * @param retryDelay base delay of the exponential backoff between attempts; default 500ms
 * @param maxRetryDelay longest delay between two attempts; default 30s
 * @param tryTimeout longest time one attempt (for example staging one block) may take;
 * default 5m
 */
@ConfigurationProperties(prefix = "backplane.storage.azure", ignoreUnknownFields = false)
public record AzureBlobStorageProperties(@DefaultValue("8MB") DataSize blockSize,
		@DefaultValue("4") int maxBlocksInFlight, @DefaultValue("4MB") DataSize downloadBlockSize,
		@DefaultValue("1000") int listPageSize, @DefaultValue("5") int maxTries,
		@DefaultValue("500ms") Duration retryDelay, @DefaultValue("30s") Duration maxRetryDelay,
		@DefaultValue("5m") Duration tryTimeout) {

	public AzureBlobStorageProperties {
		if (blockSize.toBytes() < 64 * 1024 || blockSize.toBytes() > 1024L * 1024 * 1024) {
			throw new IllegalArgumentException(
					"backplane.storage.azure.block-size must be between 64KB and 1GB, was " + blockSize);
		}
		if (maxBlocksInFlight < 1 || maxBlocksInFlight > 64) {
			throw new IllegalArgumentException(
					"backplane.storage.azure.max-blocks-in-flight must be between 1 and 64, was " + maxBlocksInFlight);
		}
		if (downloadBlockSize.toBytes() < 64 * 1024 || downloadBlockSize.toBytes() > 256L * 1024 * 1024) {
			throw new IllegalArgumentException(
					"backplane.storage.azure.download-block-size must be between 64KB and 256MB, was "
							+ downloadBlockSize);
		}
		if (listPageSize < 1 || listPageSize > 5000) {
			throw new IllegalArgumentException(
					"backplane.storage.azure.list-page-size must be between 1 and 5000, was " + listPageSize);
		}
		if (maxTries < 1) {
			throw new IllegalArgumentException("backplane.storage.azure.max-tries must be at least 1, was " + maxTries);
		}
	}

	/**
	 * The defaults, as bound from empty configuration.
	 * @return default settings
	 */
	public static AzureBlobStorageProperties defaults() {
		return new AzureBlobStorageProperties(DataSize.ofMegabytes(8), 4, DataSize.ofMegabytes(4), 1000, 5,
				Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5));
	}

	/**
	 * A copy with another block size, for uploads and downloads alike, and list page size
	 * (tests exercise blocks, chunked reads and pagination with small ones).
	 * @param blockSize the block size and download block size in bytes
	 * @param listPageSize names per list request
	 * @return the copy
	 */
	public AzureBlobStorageProperties withSizes(long blockSize, int listPageSize) {
		return new AzureBlobStorageProperties(DataSize.ofBytes(blockSize), this.maxBlocksInFlight,
				DataSize.ofBytes(blockSize), listPageSize, this.maxTries, this.retryDelay, this.maxRetryDelay,
				this.tryTimeout);
	}

}
