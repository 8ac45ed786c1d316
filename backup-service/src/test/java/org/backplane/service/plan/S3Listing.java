package org.backplane.service.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The test's own view of S3Proxy, through the AWS SDK rather than Backplane's code: what
 * an independent listing shows, and a plain uploader (as {@code aws s3 cp} would) for
 * snapshots without a Backplane manifest.
 */
final class S3Listing {

	private S3Listing() {
	}

	static S3Client client() {
		return S3Client.builder()
			.endpointOverride(TestServers.s3proxy().endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
			.build();
	}

	static List<String> keys(String bucket, String prefix) {
		return sizes(bucket, prefix).keySet().stream().toList();
	}

	static Map<String, Long> sizes(String bucket, String prefix) {
		Map<String, Long> sizes = new TreeMap<>();
		try (S3Client s3 = client()) {
			s3.listObjectsV2Paginator((r) -> r.bucket(bucket).prefix(prefix))
				.contents()
				.forEach((S3Object o) -> sizes.put(o.key(), o.size()));
		}
		return sizes;
	}

	static void put(String bucket, String key, byte[] content) {
		try (S3Client s3 = client()) {
			s3.putObject((r) -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
		}
	}

}
