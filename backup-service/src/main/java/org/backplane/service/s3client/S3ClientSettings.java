package org.backplane.service.s3client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What an {@code S3Client} is built from. Never printed: {@link #toString()} leaves the
 * secrets out.
 *
 * @param region the region, e.g. {@code us-east-1}
 * @param endpoint the endpoint of an S3-compatible server, or {@code null} for AWS
 * @param pathStyle whether the bucket goes in the path rather than the host name
 * @param accessKey the access key id, or {@code null} for the SDK's default credentials
 * chain (environment, system properties, profile files, web identity, container and
 * instance roles)
 * @param secretKey the secret access key, or {@code null}
 * @param sessionToken the session token of temporary credentials, or {@code null}
 * @param checksumsWhenRequired whether the SDK computes and validates checksums only when
 * an operation requires them (S3-compatible servers without the newer checksum headers)
 * @param connectTimeout time to open a connection
 * @param socketTimeout longest wait for data on an open connection
 * @param maxConnections connections of the client's pool
 * @param maxAttempts attempts per request, the first included
 * @param retryBaseDelay base delay of the exponential backoff between attempts
 * @param retryMaxDelay longest delay between two attempts
 */
public record S3ClientSettings(String region, URI endpoint, boolean pathStyle, String accessKey, String secretKey,
		String sessionToken, boolean checksumsWhenRequired, Duration connectTimeout, Duration socketTimeout,
		int maxConnections, int maxAttempts, Duration retryBaseDelay, Duration retryMaxDelay) {

	public S3ClientSettings {
		Objects.requireNonNull(region, "region");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(socketTimeout, "socketTimeout");
		Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
		Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
	}

	@Override
	public String toString() {
		return "S3ClientSettings[region=" + this.region + ", endpoint=" + this.endpoint + ", pathStyle="
				+ this.pathStyle + ", credentials=" + ((this.accessKey != null) ? "static" : "default chain") + "]";
	}

}
