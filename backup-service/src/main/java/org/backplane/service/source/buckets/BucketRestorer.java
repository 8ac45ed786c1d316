package org.backplane.service.source.buckets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.source.ContentPool;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.SourceComponent;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import tools.jackson.databind.JsonNode;

/**
 * Writes a backup's buckets and objects into an S3-compatible service: buckets created
 * with their settings, objects put with their content (from the pool), content headers,
 * user metadata and tags, {@code max-in-flight} at a time; objects larger than one part
 * go up as multipart uploads, one part in memory per object. With {@code overwrite}, the
 * objects of a target bucket that are not in the backup are deleted afterwards.
 */
final class BucketRestorer {

	/** Objects up to this size are put in one request; larger ones in parts this size. */
	static final int PART_SIZE = 8 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(BucketRestorer.class);

	private final String component;

	private final S3Client client;

	private final ContentPool pool;

	private final int maxInFlight;

	private final RestorePolicy policy;

	private final boolean skipUnsupported;

	private volatile boolean tagsUnsupported;

	// target buckets with object lock: their puts carry Content-MD5, which S3 (and MinIO,
	// Moto) require there
	private final Set<String> locked = new HashSet<>();

	BucketRestorer(String component, S3Client client, ContentPool pool, int maxInFlight, RestorePolicy policy,
			boolean skipUnsupported) {
		this.component = component;
		this.client = client;
		this.skipUnsupported = skipUnsupported;
		this.pool = pool;
		this.maxInFlight = maxInFlight;
		this.policy = policy;
	}

	static boolean holdsObjects(S3Client client, String bucket) {
		try {
			return !client.listObjectsV2((r) -> r.bucket(bucket).maxKeys(1)).contents().isEmpty();
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return false;
			}
			throw ex;
		}
	}

	void restore(BucketsSourceComponent.IndexReader index, Map<String, String> targets,
			SourceComponent.Progress progress) throws IOException {
		List<String> created = new ArrayList<>();
		Map<String, List<String>> refused = new TreeMap<>();
		try {
			for (Map.Entry<String, String> entry : targets.entrySet()) {
				BucketSettings.Applied applied = BucketSettings.apply(this.client, entry.getKey(), entry.getValue(),
						index.bucket(entry.getKey()));
				if (applied.created()) {
					created.add(entry.getValue());
				}
				if (applied.objectLock()) {
					this.locked.add(entry.getValue());
				}
				if (!applied.refused().isEmpty()) {
					refused.put(entry.getValue(), applied.refused());
				}
			}
		}
		catch (S3Exception ex) {
			removeCreated(created);
			throw new IOException("Cannot create or configure the target buckets of component " + this.component + ": "
					+ BucketsSourceComponent.message(ex), ex);
		}
		if (!refused.isEmpty()) {
			if (!this.skipUnsupported) {
				// before any object is written: nothing restored with less than the
				// backup
				removeCreated(created);
				throw new IOException("The target service does not implement bucket settings the backup holds "
						+ refused + "; nothing was restored"
						+ (created.isEmpty() ? "" : " (the buckets this restore created were removed)")
						+ ": restore into a service that implements them, or with "
						+ BucketsSourceComponent.SKIP_UNSUPPORTED_SETTINGS
						+ "=true to restore the objects without them");
			}
			logger.warn("Bucket settings not restored, the target does not implement them ("
					+ BucketsSourceComponent.SKIP_UNSUPPORTED_SETTINGS + "=true): component=" + this.component
					+ " settings=" + refused);
		}
		Map<String, Set<String>> restored = new HashMap<>();
		targets.values().forEach((t) -> restored.put(t, new HashSet<>()));
		ExecutorService workers = Executors.newFixedThreadPool(this.maxInFlight, (r) -> {
			Thread thread = new Thread(r, "backplane-buckets-restore-" + this.component);
			thread.setDaemon(true);
			return thread;
		});
		try {
			PendingTransfers pending = new PendingTransfers(workers, this.maxInFlight * 4, "restoring objects");
			JsonNode line;
			while ((line = index.nextObject()) != null) {
				String target = targets.get(line.path("bucket").asString());
				if (target == null) {
					continue;
				}
				JsonNode object = line;
				restored.get(target).add(object.path("key").asString());
				pending.submit(() -> {
					put(target, object);
					progress.advance(1, object.path("size").asLong());
					return null;
				});
			}
			pending.awaitAll();
		}
		finally {
			workers.shutdownNow();
		}
		if (this.policy == RestorePolicy.OVERWRITE) {
			for (Map.Entry<String, Set<String>> entry : restored.entrySet()) {
				deleteOthers(entry.getKey(), entry.getValue());
			}
		}
		logger.info("Buckets restored: component=" + this.component + " buckets=" + targets.values());
	}

	// Removes the buckets this restore created, still empty, when it stops before writing
	// objects
	private void removeCreated(List<String> created) {
		for (String bucket : created) {
			try {
				this.client.deleteBucket((r) -> r.bucket(bucket));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not remove a bucket this restore created: bucket=" + bucket + " reason="
						+ ex.getMessage());
			}
		}
	}

	private void deleteOthers(String bucket, Set<String> keep) throws IOException {
		try {
			List<ObjectIdentifier> extra = new ArrayList<>();
			for (S3Object object : BucketsSourceComponent.list(this.client, bucket)) {
				if (!keep.contains(object.key())) {
					extra.add(ObjectIdentifier.builder().key(object.key()).build());
				}
			}
			for (int i = 0; i < extra.size(); i += 1000) {
				List<ObjectIdentifier> page = extra.subList(i, Math.min(extra.size(), i + 1000));
				this.client.deleteObjects((r) -> r.bucket(bucket).delete((d) -> d.objects(page).quiet(true)));
			}
			if (!extra.isEmpty()) {
				logger.info("Objects not in the backup deleted: component=" + this.component + " bucket=" + bucket
						+ " objects=" + extra.size());
			}
		}
		catch (S3Exception ex) {
			throw new IOException("Cannot delete the objects of bucket " + bucket + " that are not in the backup: "
					+ BucketsSourceComponent.message(ex), ex);
		}
	}

	private void put(String bucket, JsonNode object) throws IOException {
		String key = object.path("key").asString();
		long size = object.path("size").asLong();
		String sha256 = object.path("sha256").asString();
		Map<String, String> metadata = new HashMap<>();
		object.path("metadata").properties().forEach((e) -> metadata.put(e.getKey(), e.getValue().asString()));
		String expires = object.path("expires").asString(null);
		try (InputStream in = this.pool.open(sha256)) {
			if (size <= PART_SIZE) {
				PutObjectRequest.Builder request = PutObjectRequest.builder()
					.bucket(bucket)
					.key(key)
					.contentType(object.path("contentType").asString(null))
					.contentEncoding(object.path("contentEncoding").asString(null))
					.cacheControl(object.path("cacheControl").asString(null))
					.contentDisposition(object.path("contentDisposition").asString(null))
					.contentLanguage(object.path("contentLanguage").asString(null))
					.metadata(metadata);
				if (expires != null) {
					request.expires(Instant.parse(expires));
				}
				byte[] content = in.readAllBytes();
				// the end was read: the pool's stream has checked the SHA-256
				if (this.locked.contains(bucket)) {
					request.contentMD5(md5(content, content.length));
				}
				this.client.putObject(request.build(), RequestBody.fromBytes(content));
			}
			else {
				CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
					.bucket(bucket)
					.key(key)
					.contentType(object.path("contentType").asString(null))
					.contentEncoding(object.path("contentEncoding").asString(null))
					.cacheControl(object.path("cacheControl").asString(null))
					.contentDisposition(object.path("contentDisposition").asString(null))
					.contentLanguage(object.path("contentLanguage").asString(null))
					.metadata(metadata);
				if (expires != null) {
					request.expires(Instant.parse(expires));
				}
				multipart(this.client, request.build(), in, this.locked.contains(bucket));
			}
			in.transferTo(OutputStream.nullOutputStream());
		}
		catch (S3Exception ex) {
			throw new IOException("Cannot restore object " + key + " into bucket " + bucket + ": "
					+ BucketsSourceComponent.message(ex), ex);
		}
		JsonNode tags = object.path("tags");
		if (tags.isObject() && !tags.isEmpty() && !this.tagsUnsupported) {
			List<Tag> tagSet = new ArrayList<>();
			tags.properties()
				.forEach((e) -> tagSet.add(Tag.builder().key(e.getKey()).value(e.getValue().asString()).build()));
			try {
				this.client.putObjectTagging((r) -> r.bucket(bucket).key(key).tagging((t) -> t.tagSet(tagSet)));
			}
			catch (S3Exception ex) {
				if (!BucketSettings.isUnsupported(ex)) {
					throw new IOException("Cannot restore the tags of object " + key + " of bucket " + bucket + ": "
							+ BucketsSourceComponent.message(ex), ex);
				}
				if (!this.skipUnsupported) {
					throw new IOException(
							"The target service does not implement object tags, which object " + key + " of bucket "
									+ bucket + " has in the backup: restore into a service that implements "
									+ "them, or with " + BucketsSourceComponent.SKIP_UNSUPPORTED_SETTINGS
									+ "=true to restore the objects without them (the objects restored so far stay)",
							ex);
				}
				this.tagsUnsupported = true;
				logger.warn("Object tags not restored, the target does not implement them ("
						+ BucketsSourceComponent.SKIP_UNSUPPORTED_SETTINGS + "=true): bucket=" + bucket);
			}
		}
	}

	static String md5(byte[] content, int length) {
		try {
			MessageDigest digest = MessageDigest.getInstance("MD5");
			digest.update(content, 0, length);
			return Base64.getEncoder().encodeToString(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// Uploads a large object one part at a time (the SHA-256 of the pool's stream is
	// checked at its end, before the upload is completed).
	static void multipart(S3Client client, CreateMultipartUploadRequest request, InputStream in, boolean withMd5)
			throws IOException {
		String uploadId = client.createMultipartUpload(request).uploadId();
		boolean completed = false;
		try {
			List<CompletedPart> parts = new ArrayList<>();
			byte[] buffer = new byte[PART_SIZE];
			int partNumber = 1;
			while (true) {
				int n = in.readNBytes(buffer, 0, buffer.length);
				if (n == 0 && partNumber > 1) {
					break;
				}
				int number = partNumber;
				String md5 = withMd5 ? md5(buffer, n) : null;
				String etag = client
					.uploadPart((r) -> r.bucket(request.bucket())
						.key(request.key())
						.uploadId(uploadId)
						.partNumber(number)
						.contentMD5(md5)
						.contentLength((long) n), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, n)))
					.eTag();
				parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
				partNumber++;
				if (n < buffer.length) {
					break;
				}
			}
			// reaching the end made the pool's stream check the SHA-256
			in.transferTo(OutputStream.nullOutputStream());
			client.completeMultipartUpload((r) -> r.bucket(request.bucket())
				.key(request.key())
				.uploadId(uploadId)
				.multipartUpload((m) -> m.parts(parts)));
			completed = true;
		}
		finally {
			if (!completed) {
				try {
					client
						.abortMultipartUpload((r) -> r.bucket(request.bucket()).key(request.key()).uploadId(uploadId));
				}
				catch (RuntimeException ex) {
					logger.warn("Could not abort a multipart upload: bucket=" + request.bucket() + " reason="
							+ ex.getMessage());
				}
			}
		}
	}

}
