package org.backplane.service.source.buckets;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.s3client.S3Clients;
import org.backplane.service.source.MirroredSourceComponent.MirrorResult;
import org.backplane.service.source.SourceComponent;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A mirror run: each selected source bucket copied into {@code <mirror-prefix><bucket>}
 * at the mirror location as plain objects (content, content headers, user metadata), so
 * that any S3 tool reads them. Each mirrored object carries the source's ETag and
 * last-modified time and the content's SHA-256 in its user metadata
 * ({@code backplane-source-etag}, {@code backplane-source-last-modified},
 * {@code backplane-sha256}). An object is copied again when its size differs, or when the
 * source's ETag or last-modified time differs from the recorded ones and its SHA-256
 * differs too: a changed object of the same size is never missed (the {@code mc mirror}
 * complaint), an unchanged one is not copied. Only when every copy succeeded are the
 * mirror's objects that the source no longer has deleted, and the mirror buckets whose
 * source bucket is gone ({@code synchronize}).
 */
final class BucketMirror {

	static final String SHA256 = "backplane-sha256";

	static final String SOURCE_ETAG = "backplane-source-etag";

	static final String SOURCE_LAST_MODIFIED = "backplane-source-last-modified";

	private static final Log logger = LogFactory.getLog(BucketMirror.class);

	private final BucketsSourceComponent component;

	private final BucketsSourceProperties properties;

	private final AtomicLong copied = new AtomicLong();

	private final AtomicLong copiedBytes = new AtomicLong();

	private final AtomicLong unchanged = new AtomicLong();

	BucketMirror(BucketsSourceComponent component) {
		this.component = component;
		this.properties = component.properties();
	}

	MirrorResult run(Map<String, String> parameters, SourceComponent.Progress progress) throws IOException {
		try (S3Client source = this.component.client(parameters);
				S3Client mirror = S3Clients.build(this.component.settings(this.properties.mirrorLocation(),
						this.properties.mirrorRegion(), this.properties.mirrorCredentials()))) {
			List<String> buckets = this.component.selectedBuckets(source, parameters);
			Map<String, String> targets = new LinkedHashMap<>();
			for (String bucket : buckets) {
				targets.put(bucket, this.component.mirrorPrefix() + bucket);
			}
			long objects = 0;
			long deletedObjects = 0;
			Map<String, List<String>> extras = new LinkedHashMap<>();
			for (Map.Entry<String, String> entry : targets.entrySet()) {
				List<S3Object> listed = BucketsSourceComponent.list(source, entry.getKey());
				objects += listed.size();
				extras.put(entry.getValue(),
						mirrorBucket(source, mirror, entry.getKey(), entry.getValue(), listed, progress));
			}
			// everything was copied: now what the source no longer has may go
			for (Map.Entry<String, List<String>> entry : extras.entrySet()) {
				deleteObjects(mirror, entry.getKey(), entry.getValue());
				deletedObjects += entry.getValue().size();
			}
			List<String> deletedBuckets = synchronize(mirror, new TreeSet<>(targets.values()), parameters);
			logger.info("Buckets mirrored: component=" + this.component.name() + " buckets=" + targets.size()
					+ " objects=" + objects + " copied=" + this.copied.get() + " unchanged=" + this.unchanged.get()
					+ " deletedObjects=" + deletedObjects + " deletedBuckets=" + deletedBuckets);
			return new MirrorResult(targets, objects, this.copied.get(), this.copiedBytes.get(), this.unchanged.get(),
					deletedObjects, deletedBuckets);
		}
		catch (S3Exception ex) {
			throw new IOException(
					"Mirror of component " + this.component.name() + " failed: " + BucketsSourceComponent.message(ex),
					ex);
		}
	}

	// Copies what changed into one mirror bucket; returns the mirror's keys the source
	// does not have.
	private List<String> mirrorBucket(S3Client source, S3Client mirror, String bucket, String target,
			List<S3Object> listed, SourceComponent.Progress progress) throws IOException {
		try {
			mirror.headBucket((r) -> r.bucket(target));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() != 404) {
				throw ex;
			}
			mirror.createBucket((r) -> r.bucket(target));
		}
		Map<String, Long> existing = new HashMap<>();
		for (S3Object object : BucketsSourceComponent.list(mirror, target)) {
			existing.put(object.key(), object.size());
		}
		ExecutorService workers = Executors.newFixedThreadPool(this.properties.maxInFlight(), (r) -> {
			Thread thread = new Thread(r, "backplane-buckets-mirror-" + this.component.name());
			thread.setDaemon(true);
			return thread;
		});
		Set<String> keys = new java.util.HashSet<>();
		try {
			PendingTransfers pending = new PendingTransfers(workers, this.properties.maxInFlight() * 4,
					"mirroring objects");
			for (S3Object object : listed) {
				keys.add(object.key());
				Long size = existing.get(object.key());
				pending.submit(() -> {
					copyIfChanged(source, mirror, bucket, target, object, size);
					progress.advance(1, object.size());
					return null;
				});
			}
			pending.awaitAll();
		}
		finally {
			workers.shutdownNow();
		}
		return existing.keySet().stream().filter((k) -> !keys.contains(k)).sorted().toList();
	}

	private void copyIfChanged(S3Client source, S3Client mirror, String bucket, String target, S3Object object,
			Long mirroredSize) throws IOException {
		Map<String, String> recorded = null;
		if (mirroredSize != null && mirroredSize.longValue() == object.size().longValue()) {
			HeadObjectResponse head = mirror.headObject((r) -> r.bucket(target).key(object.key()));
			recorded = head.metadata();
			// a server may list an object without an ETag (S3Proxy's filesystem back end
			// for a
			// file put there directly): then it is read, and its SHA-256 decides
			if (object.eTag() != null && object.eTag().equals(recorded.get(SOURCE_ETAG))
					&& object.lastModified() != null
					&& object.lastModified().toString().equals(recorded.get(SOURCE_LAST_MODIFIED))) {
				this.unchanged.incrementAndGet();
				return;
			}
		}
		try {
			if (object.size() <= this.properties.smallObjectSize().toBytes()) {
				byte[] content;
				GetObjectResponse response;
				try (ResponseInputStream<GetObjectResponse> in = source
					.getObject((r) -> r.bucket(bucket).key(object.key()))) {
					content = in.readAllBytes();
					response = in.response();
				}
				String sha256 = BucketsSourceComponent.sha256(content);
				if (recorded != null && sha256.equals(recorded.get(SHA256))) {
					// touched but not changed: the content is the same
					this.unchanged.incrementAndGet();
					return;
				}
				mirror.putObject(PutObjectRequest.builder()
					.bucket(target)
					.key(object.key())
					.contentType(response.contentType())
					.contentEncoding(response.contentEncoding())
					.cacheControl(response.cacheControl())
					.contentDisposition(response.contentDisposition())
					.contentLanguage(response.contentLanguage())
					.metadata(metadata(object, response, sha256))
					.build(), RequestBody.fromBytes(content));
				this.copiedBytes.addAndGet(content.length);
			}
			else {
				MessageDigest digest = BucketsSourceComponent.newDigest();
				GetObjectResponse response;
				try (ResponseInputStream<GetObjectResponse> in = source
					.getObject((r) -> r.bucket(bucket).key(object.key()))) {
					byte[] buffer = new byte[64 * 1024];
					int n;
					while ((n = in.read(buffer)) != -1) {
						digest.update(buffer, 0, n);
					}
					response = in.response();
				}
				String sha256 = HexFormat.of().formatHex(digest.digest());
				if (recorded != null && sha256.equals(recorded.get(SHA256))) {
					this.unchanged.incrementAndGet();
					return;
				}
				String etag = response.eTag();
				try (InputStream in = source.getObject((r) -> r.bucket(bucket).key(object.key()).ifMatch(etag))) {
					BucketRestorer.multipart(mirror,
							CreateMultipartUploadRequest.builder()
								.bucket(target)
								.key(object.key())
								.contentType(response.contentType())
								.contentEncoding(response.contentEncoding())
								.cacheControl(response.cacheControl())
								.contentDisposition(response.contentDisposition())
								.contentLanguage(response.contentLanguage())
								.metadata(metadata(object, response, sha256))
								.build(),
							in, false);
				}
				this.copiedBytes.addAndGet(response.contentLength());
			}
			this.copied.incrementAndGet();
		}
		catch (NoSuchKeyException ex) {
			// deleted since the listing: the next run removes it from the mirror
		}
	}

	// The listing's ETag and time are recorded, as the next run compares with the
	// listing (a GET's Last-Modified header has whole seconds, a listing may have
	// milliseconds); if the object changed after the listing, the next run sees a new
	// ETag and compares the SHA-256.
	private static Map<String, String> metadata(S3Object listed, GetObjectResponse response, String sha256) {
		Map<String, String> metadata = new HashMap<>(response.metadata());
		metadata.put(SHA256, sha256);
		if (listed.eTag() != null) {
			metadata.put(SOURCE_ETAG, listed.eTag());
		}
		if (listed.lastModified() != null) {
			metadata.put(SOURCE_LAST_MODIFIED, listed.lastModified().toString());
		}
		return metadata;
	}

	private static void deleteObjects(S3Client mirror, String bucket, List<String> keys) {
		for (int i = 0; i < keys.size(); i += 1000) {
			List<ObjectIdentifier> page = keys.subList(i, Math.min(keys.size(), i + 1000))
				.stream()
				.map((k) -> ObjectIdentifier.builder().key(k).build())
				.toList();
			mirror.deleteObjects((r) -> r.bucket(bucket).delete((d) -> d.objects(page).quiet(true)));
		}
	}

	// Deletes the mirror buckets named with the prefix whose source bucket is gone (and
	// that the component's globs would select): the MinIO service's synchronize step.
	private List<String> synchronize(S3Client mirror, Set<String> current, Map<String, String> parameters) {
		if (parameters.containsKey(BucketsSourceComponent.BUCKETS)) {
			// a run over some buckets says nothing about the others
			return List.of();
		}
		String prefix = this.component.mirrorPrefix();
		List<String> deleted = new ArrayList<>();
		for (String bucket : mirror.listBuckets().buckets().stream().map((b) -> b.name()).sorted().toList()) {
			if (!bucket.startsWith(prefix) || current.contains(bucket)
					|| !this.component.selects(bucket.substring(prefix.length()))) {
				continue;
			}
			List<String> keys = BucketsSourceComponent.list(mirror, bucket).stream().map(S3Object::key).toList();
			deleteObjects(mirror, bucket, keys);
			mirror.deleteBucket((r) -> r.bucket(bucket));
			deleted.add(bucket);
		}
		return deleted;
	}

}
