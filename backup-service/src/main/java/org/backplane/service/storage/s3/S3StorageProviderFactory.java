package org.backplane.service.storage.s3;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.backplane.service.s3client.S3ClientSettings;
import org.backplane.service.s3client.S3Clients;
import org.backplane.service.storage.LocationParameters;
import org.backplane.service.storage.StorageDestination;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageProviderFactory;
import org.backplane.service.storage.TransferBudget;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

/**
 * Creates {@link S3StorageProvider}s for {@code s3://bucket/prefix?...} locations.
 * Location parameters: {@code region} (default {@code us-east-1}), {@code endpoint} (an
 * S3-compatible server; path-style addressing then, unless {@code path_style=false}),
 * {@code path_style}, {@code access_key}, {@code secret_key}, {@code session_token},
 * {@code sse} ({@code AES256} or {@code aws:kms}), {@code sse_kms_key_id},
 * {@code storage_class}, {@code checksums} ({@code when_supported} or
 * {@code when_required}). Credentials come, in order, from the location's credentials map
 * ({@link #CREDENTIAL_KEYS}), the URI's {@code access_key}/{@code secret_key}, then the
 * AWS SDK's default chain (environment, system properties, profile files, web identity,
 * container and instance roles).
 */
public class S3StorageProviderFactory implements StorageProviderFactory {

	/** The keys a location's credentials map may hold for S3; others are rejected. */
	public static final Set<String> CREDENTIAL_KEYS = S3Location.CREDENTIALS;

	private final S3StorageProperties properties;

	private final TransferBudget budget;

	/**
	 * Whether S3-compatible servers enforce If-None-Match: *, probed once per server and
	 * bucket.
	 */
	private final Map<String, Boolean> conditionalWrites = new ConcurrentHashMap<>();

	/**
	 * Creates a factory whose providers are limited by their own settings only (for
	 * programs that drive a provider alone).
	 * @param properties the tuning shared by all S3 locations
	 */
	public S3StorageProviderFactory(S3StorageProperties properties) {
		this(properties, TransferBudget.unlimited());
	}

	/**
	 * Creates a factory.
	 * @param properties the tuning shared by all S3 locations
	 * @param budget the transfer buffers the service's transfers may hold at once, shared
	 * with other providers
	 */
	public S3StorageProviderFactory(S3StorageProperties properties, TransferBudget budget) {
		this.properties = properties;
		this.budget = budget;
	}

	@Override
	public Set<String> schemes() {
		return Set.of("s3");
	}

	@Override
	public Set<String> requestParameters() {
		return S3Location.CREDENTIALS;
	}

	@Override
	public Set<String> placementParameters() {
		return S3Location.PLACEMENT;
	}

	@Override
	public Set<String> endpointParameters() {
		return Set.of("S3_ENDPOINT_URL");
	}

	@Override
	public Set<String> bucketParameters() {
		return Set.of("S3_BUCKET_NAME");
	}

	/**
	 * The bucket, and the endpoint: the location's S3-compatible server, or Amazon S3's
	 * regional endpoint as the SDK resolves it (e.g.
	 * {@code https://s3.eu-west-1.amazonaws.com}).
	 */
	@Override
	public StorageDestination destination(StorageLocation location) {
		S3Location s3Location = S3Location.parse(location);
		URI endpoint = (s3Location.endpoint() != null) ? s3Location.endpoint() : awsEndpoint(s3Location.region());
		return new StorageDestination(s3Location.bucket(), LocationParameters.normalEndpoint(endpoint));
	}

	private static URI awsEndpoint(String region) {
		try {
			return URI.create(S3EndpointProvider.defaultProvider()
				.resolveEndpoint(S3EndpointParams.builder().region(Region.of(region)).build())
				.join()
				.url()
				.toString());
		}
		catch (RuntimeException ex) {
			// the SDK's rules know every partition; a region they refuse is named as AWS
			// names regions of the standard partition
			return URI.create("https://s3." + region + ".amazonaws.com");
		}
	}

	@Override
	public StorageProvider create(StorageLocation location) {
		S3Location s3Location = S3Location.parse(location);
		return new S3StorageProvider(s3Location, client(s3Location, this.properties), this.properties,
				this.conditionalWrites, this.budget);
	}

	/**
	 * A put holds {@code (max-parts-in-flight + 1) × part-size}, a download of a large
	 * object {@code (download-ranges-in-flight + 1) × download-range-size}: 80 MB each by
	 * default.
	 */
	@Override
	public long transferMemory() {
		long put = (this.properties.maxPartsInFlight() + 1L) * this.properties.partSize().toBytes();
		long get = (this.properties.downloadRangesInFlight() + 1L) * this.properties.downloadRangeSize().toBytes();
		return Math.max(put, get);
	}

	static S3Client client(S3Location location, S3StorageProperties properties) {
		return S3Clients.build(settings(location, properties));
	}

	/**
	 * What a location's client is built from ({@link S3Clients}, shared with the
	 * {@code buckets} source).
	 * @param location the location
	 * @param properties the S3 adapter's tuning ({@code backplane.storage.s3.*})
	 * @return the settings
	 */
	static S3ClientSettings settings(S3Location location, S3StorageProperties properties) {
		return new S3ClientSettings(location.region(), location.endpoint(), location.pathStyle(), location.accessKey(),
				location.secretKey(), location.sessionToken(), location.checksumsWhenRequired(),
				properties.connectTimeout(), properties.socketTimeout(), properties.maxConnections(),
				properties.maxAttempts(), properties.retryBaseDelay(), properties.retryMaxDelay());
	}

}
