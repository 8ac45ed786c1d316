package org.backplane.service.source.buckets;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.backplane.service.source.RestorePolicy;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of one {@code buckets} component, bound from
 * {@code backplane.components.<name>.*}.
 *
 * @param type the component type, always {@code buckets}
 * @param endpoint the S3-compatible service, e.g.
 * {@code http://minio.marathon.l4lb.thisdcos.directory:9000}; none for Amazon S3
 * @param region the region (default {@code us-east-1})
 * @param pathStyle whether the bucket goes in the path rather than the host name; by
 * default true when an endpoint is set (MinIO and most S3-compatible services), false for
 * Amazon S3
 * @param credentials {@code ACCESS_KEY_ID} and {@code SECRET_ACCESS_KEY} (the MinIO
 * plans' names), secrets never shown; without them the AWS SDK's default chain is used,
 * and a request may bring its own as per-request parameters
 * @param buckets which buckets to back up, as globs ({@code *} any characters, {@code ?}
 * one); all by default
 * @param excludeBuckets buckets left out, as globs
 * @param restorePolicy what a restore does when a target bucket holds objects, used when
 * the request names none: {@code fail-if-exists} (the default) refuses before anything is
 * written, {@code overwrite} makes the bucket equal to the backup (objects not in it are
 * deleted)
 * @param checksums {@code when-required} (the default with an endpoint: S3-compatible
 * services such as S3Proxy lack the newer checksum headers) or {@code when-supported}
 * (the default for Amazon S3)
 * @param maxInFlight objects copied at once (default 8)
 * @param smallObjectSize objects up to this size are read once into memory (their SHA-256
 * computed, then stored if new); larger ones are read once from the source into a
 * temporary file under {@code <backplane.home>/spool/buckets/<component>/}, in ranges of
 * this size, {@code maxInFlight / 2} (at least 2) side by side, while their SHA-256 is
 * computed, then stored from that file when the pool lacks them (default 8MB); memory of
 * a run is at most {@code maxInFlight × smallObjectSize} plus the storage's part buffers
 * @param spoolSize the most local disk the temporary files of large objects take at once
 * (default 2GB); an object larger than this is spooled alone
 * @param connectTimeout time to open a connection (default 10s)
 * @param socketTimeout longest wait for data on an open connection (default 60s)
 * @param mirrorLocation where a mirror run copies the buckets, an S3 endpoint URL such as
 * {@code http://backup-minio:9000} (or {@code https://s3.eu-west-1.amazonaws.com}); none
 * disables mirroring
 * @param mirrorRegion the mirror's region (default {@code us-east-1})
 * @param mirrorCredentials {@code ACCESS_KEY_ID} and {@code SECRET_ACCESS_KEY} of the
 * mirror; the SDK's default chain without them
 * @param mirrorPrefix the prefix of the mirror's bucket names, {@code <component>-} by
 * default
 */
record BucketsSourceProperties(String type, URI endpoint, @DefaultValue("us-east-1") String region, Boolean pathStyle,
		Map<String, String> credentials, List<String> buckets, List<String> excludeBuckets,
		@DefaultValue("fail-if-exists") RestorePolicy restorePolicy, String checksums,
		@DefaultValue("8") int maxInFlight, @DefaultValue("8MB") DataSize smallObjectSize,
		@DefaultValue("2GB") DataSize spoolSize, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("60s") Duration socketTimeout, URI mirrorLocation, @DefaultValue("us-east-1") String mirrorRegion,
		Map<String, String> mirrorCredentials, String mirrorPrefix) {

	static final String TYPE = "buckets";

	BucketsSourceProperties {
		credentials = (credentials != null) ? Map.copyOf(credentials) : Map.of();
		mirrorCredentials = (mirrorCredentials != null) ? Map.copyOf(mirrorCredentials) : Map.of();
		buckets = (buckets != null && !buckets.isEmpty()) ? List.copyOf(buckets) : List.of("*");
		excludeBuckets = (excludeBuckets != null) ? List.copyOf(excludeBuckets) : List.of();
	}

	@Override
	public String toString() {
		return "BucketsSourceProperties[endpoint=" + this.endpoint + ", buckets=" + this.buckets + "]";
	}

}
