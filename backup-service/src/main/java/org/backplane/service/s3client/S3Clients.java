package org.backplane.service.s3client;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds {@code S3Client}s: the one place where the HTTP client, timeouts, retries,
 * checksums and credentials of S3 clients are set.
 */
public final class S3Clients {

	private S3Clients() {
	}

	/**
	 * Builds a client.
	 * @param settings what to build it from
	 * @return the client, to close when done
	 */
	public static S3Client build(S3ClientSettings settings) {
		S3ClientBuilder builder = S3Client.builder()
			.region(Region.of(settings.region()))
			.credentialsProvider(credentials(settings))
			.forcePathStyle(settings.pathStyle())
			.httpClientBuilder(ApacheHttpClient.builder()
				.connectionTimeout(settings.connectTimeout())
				.socketTimeout(settings.socketTimeout())
				.maxConnections(settings.maxConnections())
				// Saves a round trip per PutObject/UploadPart; bodies are at most one
				// part, so little is sent in vain when a request is refused
				.expectContinueEnabled(false))
			// Every body is a byte array of at most one part: signed (over http) or
			// checksummed whole, in a header, rather than in aws-chunked frames, which
			// cost CPU per chunk and which some S3-compatible servers and proxies handle
			// badly
			.serviceConfiguration((s3) -> s3.chunkedEncodingEnabled(false))
			// Over http as over https, bodies are not hashed into the signature
			.putAuthScheme(new UnsignedPayloadOverHttp())
			.overrideConfiguration((override) -> override.retryStrategy(retryStrategy(settings)));
		if (settings.endpoint() != null) {
			builder.endpointOverride(settings.endpoint());
		}
		if (settings.checksumsWhenRequired()) {
			builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
				.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		}
		return builder.build();
	}

	/**
	 * The one place where S3 retries are tuned: the SDK's standard strategy (it retries
	 * 5xx, throttling, connection resets and timeouts, and never 4xx such as 403 or
	 * NoSuchBucket) with our attempts and an exponential backoff with full jitter.
	 * @param settings the attempts and delays
	 * @return the strategy; throttling backs off from five times the base delay
	 */
	public static RetryStrategy retryStrategy(S3ClientSettings settings) {
		BackoffStrategy backoff = BackoffStrategy.exponentialDelay(settings.retryBaseDelay(), settings.retryMaxDelay());
		return AwsRetryStrategy.standardRetryStrategy()
			.toBuilder()
			.maxAttempts(settings.maxAttempts())
			.backoffStrategy(backoff)
			.throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(settings.retryBaseDelay().multipliedBy(5),
					settings.retryMaxDelay()))
			.build();
	}

	private static AwsCredentialsProvider credentials(S3ClientSettings settings) {
		if (settings.accessKey() == null) {
			return DefaultCredentialsProvider.builder().build();
		}
		if (settings.sessionToken() != null) {
			return StaticCredentialsProvider.create(
					AwsSessionCredentials.create(settings.accessKey(), settings.secretKey(), settings.sessionToken()));
		}
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
	}

}
