package org.backplane.service.source.buckets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bucket's settings as an index line records them: versioning, policy, tags and the
 * object-lock configuration. A setting the service does not implement (S3Proxy, some
 * MinIO modes) is recorded in {@code unsupported} rather than as absent, and a restore
 * skips it with a warning.
 */
final class BucketSettings {

	private static final Log logger = LogFactory.getLog(BucketSettings.class);

	private BucketSettings() {
	}

	static ObjectNode read(S3Client client, String bucket) throws java.io.IOException {
		ObjectNode line = BucketsSourceComponent.JSON.createObjectNode();
		line.put("type", "bucket");
		line.put("bucket", bucket);
		ArrayNode unsupported = BucketsSourceComponent.JSON.createArrayNode();
		try {
			BucketVersioningStatus status = client.getBucketVersioning((r) -> r.bucket(bucket)).status();
			line.put("versioning", (status != null) ? status.toString() : null);
		}
		catch (S3Exception ex) {
			handle(ex, bucket, "versioning", line, unsupported);
		}
		try {
			line.put("policy", client.getBucketPolicy((r) -> r.bucket(bucket)).policy());
		}
		catch (S3Exception ex) {
			handle(ex, bucket, "policy", line, unsupported);
		}
		try {
			ObjectNode tags = line.putObject("tags");
			new TreeMap<>(toMap(client.getBucketTagging((r) -> r.bucket(bucket)).tagSet())).forEach(tags::put);
		}
		catch (S3Exception ex) {
			handle(ex, bucket, "tags", line, unsupported);
		}
		try {
			GetObjectLockConfigurationResponse lock = client.getObjectLockConfiguration((r) -> r.bucket(bucket));
			ObjectLockConfiguration configuration = lock.objectLockConfiguration();
			if (configuration == null) {
				line.putNull("objectLock");
			}
			else {
				ObjectNode node = line.putObject("objectLock");
				node.put("enabled", configuration.objectLockEnabledAsString());
				DefaultRetention retention = (configuration.rule() != null) ? configuration.rule().defaultRetention()
						: null;
				if (retention != null) {
					node.put("mode", retention.modeAsString());
					if (retention.days() != null) {
						node.put("days", retention.days());
					}
					if (retention.years() != null) {
						node.put("years", retention.years());
					}
				}
			}
		}
		catch (S3Exception ex) {
			handle(ex, bucket, "objectLock", line, unsupported);
		}
		line.set("unsupported", unsupported);
		return line;
	}

	private static void handle(S3Exception ex, String bucket, String setting, ObjectNode line, ArrayNode unsupported)
			throws java.io.IOException {
		if (ex.statusCode() == 404) {
			// NoSuchBucketPolicy, NoSuchTagSet, ObjectLockConfigurationNotFoundError: not
			// set
			line.putNull(setting);
			return;
		}
		if (isUnsupported(ex)) {
			line.remove(setting);
			unsupported.add(setting);
			return;
		}
		throw new java.io.IOException(
				"Cannot read the " + setting + " of bucket " + bucket + ": " + BucketsSourceComponent.message(ex), ex);
	}

	// Whether an error means the service does not implement the request (S3Proxy answers
	// 501 NotImplemented; others 400/405 with a NotImplemented-like code).
	static boolean isUnsupported(S3Exception ex) {
		String code = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorCode() : null;
		return ex.statusCode() == 501 || ex.statusCode() == 405
				|| (code != null && (code.contains("NotImplemented") || code.contains("NotSupported")));
	}

	static Map<String, String> toMap(List<Tag> tags) {
		Map<String, String> map = new TreeMap<>();
		tags.forEach((t) -> map.put(t.key(), t.value()));
		return map;
	}

	/**
	 * Creates a bucket if missing and gives it the recorded settings.
	 * @param client the target service
	 * @param source the bucket's name in the backup
	 * @param target its name in the target
	 * @param line its line in the index
	 * @return whether it was created, and the recorded settings the target refused as not
	 * implemented
	 */
	static Applied apply(S3Client client, String source, String target, JsonNode line) {
		List<String> refused = new ArrayList<>();
		JsonNode lock = line.path("objectLock");
		boolean lockEnabled = lock.isObject() && "Enabled".equals(lock.path("enabled").asString(null));
		boolean exists;
		try {
			client.headBucket((r) -> r.bucket(target));
			exists = true;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() != 404) {
				throw ex;
			}
			exists = false;
		}
		boolean lockable = lockEnabled;
		if (!exists) {
			try {
				client.createBucket(
						(r) -> r.bucket(target).objectLockEnabledForBucket(lockEnabled ? Boolean.TRUE : null));
			}
			catch (S3Exception ex) {
				// S3Proxy refuses the object-lock header as not implemented
				if (!lockEnabled || !isUnsupported(ex)) {
					throw ex;
				}
				client.createBucket((r) -> r.bucket(target));
				refused.add("objectLock");
				lockable = false;
			}
		}
		String versioning = line.path("versioning").asString(null);
		if ("Enabled".equals(versioning) || ("Suspended".equals(versioning) && exists)) {
			attempt(refused, "versioning", () -> client
				.putBucketVersioning((r) -> r.bucket(target).versioningConfiguration((v) -> v.status(versioning))));
		}
		String policy = line.path("policy").asString(null);
		if (policy != null) {
			// the policy names its bucket in resource ARNs: follow a renamed bucket
			String renamed = policy.replace("arn:aws:s3:::" + source + "/", "arn:aws:s3:::" + target + "/")
				.replace("arn:aws:s3:::" + source + "\"", "arn:aws:s3:::" + target + "\"");
			attempt(refused, "policy", () -> client.putBucketPolicy((r) -> r.bucket(target).policy(renamed)));
		}
		JsonNode tags = line.path("tags");
		if (tags.isObject() && !tags.isEmpty()) {
			List<Tag> tagSet = new ArrayList<>();
			tags.properties()
				.forEach((e) -> tagSet.add(Tag.builder().key(e.getKey()).value(e.getValue().asString()).build()));
			attempt(refused, "tags",
					() -> client.putBucketTagging((r) -> r.bucket(target).tagging((t) -> t.tagSet(tagSet))));
		}
		if (lockable && lock.has("mode")) {
			DefaultRetention.Builder retention = DefaultRetention.builder().mode(lock.path("mode").asString());
			if (lock.has("days")) {
				retention.days(lock.path("days").asInt());
			}
			if (lock.has("years")) {
				retention.years(lock.path("years").asInt());
			}
			ObjectLockConfiguration configuration = ObjectLockConfiguration.builder()
				.objectLockEnabled("Enabled")
				.rule(ObjectLockRule.builder().defaultRetention(retention.build()).build())
				.build();
			attempt(refused, "objectLock", () -> client
				.putObjectLockConfiguration((r) -> r.bucket(target).objectLockConfiguration(configuration)));
		}
		List<String> unreadable = new ArrayList<>();
		line.path("unsupported").forEach((setting) -> unreadable.add(setting.asString()));
		if (!unreadable.isEmpty()) {
			logger.info("Bucket settings the source did not implement when backed up, none to restore: bucket=" + target
					+ " settings=" + unreadable);
		}
		return new Applied(!exists, refused, lockable);
	}

	private static void attempt(List<String> refused, String setting, Runnable action) {
		try {
			action.run();
		}
		catch (S3Exception ex) {
			if (!isUnsupported(ex)) {
				throw ex;
			}
			refused.add(setting);
		}
	}

	/**
	 * What applying a bucket's settings did.
	 *
	 * @param created whether the bucket was created
	 * @param refused the recorded settings the target refused as not implemented
	 * @param objectLock whether the bucket has object lock as recorded (its puts then
	 * need Content-MD5)
	 */
	record Applied(boolean created, List<String> refused, boolean objectLock) {
	}

}
