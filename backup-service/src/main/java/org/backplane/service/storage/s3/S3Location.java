package org.backplane.service.storage.s3;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.backplane.service.storage.LocationParameters;
import org.backplane.service.storage.StorageKeys;
import org.backplane.service.storage.StorageLocation;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * An {@code s3://bucket/prefix?...} location, parsed and checked, with its credentials
 * resolved from the location's credentials map first, then the URI's
 * {@code access_key}/{@code secret_key}. Never printed whole: {@link #describe()} and
 * {@link #toString()} leave the secrets out.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, empty or ending with {@code /}
 * @param region the region
 * @param endpoint the endpoint of an S3-compatible server, or {@code null} for AWS
 * @param pathStyle whether to address the bucket in the path rather than the host name
 * @param accessKey the access key id, or {@code null} for the SDK's default credential
 * chain
 * @param secretKey the secret access key, or {@code null}
 * @param sessionToken the session token of temporary credentials, or {@code null}
 * @param sse the server-side encryption, or {@code null} for the bucket's default
 * @param kmsKeyId the KMS key id for {@code aws:kms} encryption, or {@code null} for the
 * account's default key
 * @param storageClass the storage class of new objects, or {@code null} for STANDARD
 * @param checksumsWhenRequired whether the SDK computes and validates checksums only when
 * an operation requires them (for S3-compatible servers without the newer checksum
 * headers, e.g. S3Proxy)
 * @param overwriteCheck how a put makes sure it does not overwrite an object
 */
record S3Location(String bucket, String prefix, String region, URI endpoint, boolean pathStyle, String accessKey,
		String secretKey, String sessionToken, ServerSideEncryption sse, String kmsKeyId, StorageClass storageClass,
		boolean checksumsWhenRequired, OverwriteCheck overwriteCheck) {

	/** URI query parameters. */
	static final Set<String> PARAMETERS = Set.of("region", "endpoint", "path_style", "access_key", "secret_key",
			"session_token", "sse", "sse_kms_key_id", "storage_class", "checksums", "overwrite_check");

	/** Keys of the credentials map, which take precedence over the URI. */
	static final Set<String> CREDENTIALS = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
			"AWS_REGION", "S3_ENDPOINT_URL", "S3_BUCKET_NAME");

	/** The credentials that choose where a backup lives, not who may access it. */
	static final Set<String> PLACEMENT = Set.of("S3_BUCKET_NAME", "S3_ENDPOINT_URL", "AWS_REGION");

	static final String DEFAULT_REGION = "us-east-1";

	static S3Location parse(StorageLocation location) {
		URI uri = location.uri();
		LocationParameters.checkShape(uri, "s3", "s3://bucket/prefix?region=us-east-1", "the bucket",
				"use the credentials of the location, or access_key/secret_key parameters");
		Map<String, String> credentials = LocationParameters.credentials("s3", location.credentials(), CREDENTIALS);
		LocationParameters parameters = LocationParameters.of(uri).requireOnly("s3", PARAMETERS);

		String bucket = LocationParameters.firstOf(credentials.get("S3_BUCKET_NAME"), uri.getAuthority());
		if (bucket == null || bucket.isEmpty()) {
			throw new IllegalArgumentException("An s3 location needs a bucket: s3://bucket/prefix");
		}
		if (!bucket.matches("[a-z0-9][a-z0-9.\\-_]{1,254}")) {
			throw new IllegalArgumentException("Invalid S3 bucket name '" + bucket
					+ "': use lower-case letters, digits, '.', '-' (and '_' on some S3-compatible servers)");
		}
		String prefix = prefix(uri.getPath());
		String region = LocationParameters.firstOf(credentials.get("AWS_REGION"), parameters.get("region"),
				DEFAULT_REGION);
		if (!region.matches("[a-z0-9\\-]+")) {
			throw new IllegalArgumentException("Invalid region '" + region + "'");
		}
		URI endpoint = endpoint(
				LocationParameters.firstOf(credentials.get("S3_ENDPOINT_URL"), parameters.get("endpoint")));
		boolean pathStyle = parameters.getBoolean("path_style", endpoint != null);

		String accessKey;
		String secretKey;
		String sessionToken;
		if (credentials.containsKey("AWS_ACCESS_KEY_ID") || credentials.containsKey("AWS_SECRET_ACCESS_KEY")) {
			accessKey = credentials.get("AWS_ACCESS_KEY_ID");
			secretKey = credentials.get("AWS_SECRET_ACCESS_KEY");
			sessionToken = credentials.get("AWS_SESSION_TOKEN");
			requirePair(accessKey, secretKey, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
		}
		else if (parameters.get("access_key") != null || parameters.get("secret_key") != null) {
			accessKey = parameters.get("access_key");
			secretKey = parameters.get("secret_key");
			sessionToken = parameters.get("session_token");
			requirePair(accessKey, secretKey, "access_key", "secret_key");
		}
		else {
			if (credentials.containsKey("AWS_SESSION_TOKEN") || parameters.get("session_token") != null) {
				throw new IllegalArgumentException("A session token needs an access key and a secret key too");
			}
			accessKey = null;
			secretKey = null;
			sessionToken = null;
		}

		String kmsKeyId = parameters.get("sse_kms_key_id");
		ServerSideEncryption sse = null;
		String sseName = parameters.get("sse");
		if (sseName != null) {
			sse = ServerSideEncryption.fromValue(sseName);
			if (sse != ServerSideEncryption.AES256 && sse != ServerSideEncryption.AWS_KMS
					&& sse != ServerSideEncryption.AWS_KMS_DSSE) {
				throw new IllegalArgumentException(
						"Location parameter 'sse' must be AES256 (SSE-S3), aws:kms or aws:kms:dsse");
			}
		}
		if (kmsKeyId != null) {
			if (sse == null) {
				sse = ServerSideEncryption.AWS_KMS;
			}
			else if (sse == ServerSideEncryption.AES256) {
				throw new IllegalArgumentException("Location parameter 'sse_kms_key_id' needs sse=aws:kms, not AES256");
			}
		}
		StorageClass storageClass = null;
		String storageClassName = parameters.get("storage_class");
		if (storageClassName != null) {
			storageClass = StorageClass.fromValue(storageClassName.toUpperCase(Locale.ROOT));
			if (storageClass == StorageClass.UNKNOWN_TO_SDK_VERSION) {
				throw new IllegalArgumentException("Unknown storage_class '" + storageClassName + "': use one of "
						+ new TreeSet<>(StorageClass.knownValues().stream().map(StorageClass::toString).toList()));
			}
		}
		String checksums = LocationParameters.firstOf(parameters.get("checksums"), "when_supported")
			.toLowerCase(Locale.ROOT);
		if (!checksums.equals("when_supported") && !checksums.equals("when_required")) {
			throw new IllegalArgumentException(
					"Location parameter 'checksums' must be when_supported (default, AWS) or when_required (S3-compatible servers such as S3Proxy)");
		}
		String overwriteCheck = LocationParameters.firstOf(parameters.get("overwrite_check"), "auto")
			.toLowerCase(Locale.ROOT);
		OverwriteCheck check = switch (overwriteCheck) {
			// Amazon S3 enforces If-None-Match: *; S3-compatible servers may not (older
			// S3Proxy and MinIO)
			case "auto" -> (endpoint != null) ? OverwriteCheck.PROBE : OverwriteCheck.CONDITIONAL;
			case "head" -> OverwriteCheck.HEAD;
			case "conditional" -> OverwriteCheck.CONDITIONAL;
			default -> throw new IllegalArgumentException(
					"Location parameter 'overwrite_check' must be auto (default: conditional on Amazon S3; with an endpoint, conditional if the server proves to enforce If-None-Match: *, head otherwise), head or conditional (only for servers that enforce If-None-Match: *)");
		};
		return new S3Location(bucket, prefix, region, endpoint, pathStyle, accessKey, secretKey, sessionToken, sse,
				kmsKeyId, storageClass, checksums.equals("when_required"), check);
	}

	private static String prefix(String path) {
		if (path == null || path.isEmpty() || path.equals("/")) {
			return "";
		}
		String prefix = path.substring(1);
		if (!prefix.endsWith("/")) {
			prefix = prefix + "/";
		}
		try {
			StorageKeys.check(prefix.substring(0, prefix.length() - 1));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid prefix in s3 location: " + ex.getMessage());
		}
		return prefix;
	}

	private static URI endpoint(String value) {
		return (value != null) ? LocationParameters.httpEndpoint(value, "S3 endpoint", "http://127.0.0.1:9000", "")
				: null;
	}

	private static void requirePair(String accessKey, String secretKey, String accessName, String secretName) {
		if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
			throw new IllegalArgumentException("Give both " + accessName + " and " + secretName
					+ ", or neither (then the AWS default chain is used)");
		}
	}

	/**
	 * The location without secrets, for people.
	 * @return e.g.
	 * {@code s3://bucket/prefix/?region=us-east-1&endpoint=http://127.0.0.1:9000}
	 */
	String describe() {
		StringBuilder out = new StringBuilder("s3://").append(this.bucket).append('/').append(this.prefix);
		out.append("?region=").append(this.region);
		if (this.endpoint != null) {
			out.append("&endpoint=").append(this.endpoint);
		}
		if (this.sse != null) {
			out.append("&sse=").append(this.sse);
		}
		if (this.kmsKeyId != null) {
			out.append("&sse_kms_key_id=").append(this.kmsKeyId);
		}
		if (this.storageClass != null) {
			out.append("&storage_class=").append(this.storageClass);
		}
		return out.toString();
	}

	/**
	 * Where the credentials come from, for people: never the credentials themselves.
	 * @return {@code static} or {@code default chain}
	 */
	String credentialSource() {
		return (this.accessKey != null) ? "static" : "default chain";
	}

	@Override
	public String toString() {
		return "S3Location[" + describe() + ", credentials=" + credentialSource() + "]";
	}

	/**
	 * How a put makes sure it never overwrites an object. Every final write carries
	 * {@code If-None-Match: *} in any case; the question is whether the server can be
	 * trusted to enforce it.
	 */
	enum OverwriteCheck {

		/**
		 * A HEAD before every put checks that the key is free (the header may be ignored
		 * by the server).
		 */
		HEAD,

		/**
		 * The server enforces {@code If-None-Match: *}: a put of a small object is one
		 * request.
		 */
		CONDITIONAL,

		/**
		 * Found out once per endpoint and bucket, before the first put:
		 * {@link #CONDITIONAL} if the server refuses a second conditional write of a
		 * probe key, {@link #HEAD} otherwise.
		 */
		PROBE

	}

}
