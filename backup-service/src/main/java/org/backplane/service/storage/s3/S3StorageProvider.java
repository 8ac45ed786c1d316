package org.backplane.service.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.storage.FirstPart;
import org.backplane.service.storage.ParallelPartUpload;
import org.backplane.service.storage.StorageBatchDeletion;
import org.backplane.service.storage.StorageKeyExistsException;
import org.backplane.service.storage.StorageKeyNotFoundException;
import org.backplane.service.storage.StorageKeys;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageReachability;
import org.backplane.service.storage.StorageUnfinishedWrites;
import org.backplane.service.storage.TransferBudget;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Stores objects in an S3 bucket under the location's prefix.
 * <p>
 * A put reads the first part; a short object goes up in one {@code PutObject}, a longer
 * one as a multipart upload whose parts are uploaded in parallel from a small pool of
 * reused buffers, so memory stays at {@code (maxPartsInFlight + 1) × partSize} whatever
 * the object's size. On any failure the multipart upload is aborted, so no parts are left
 * behind (and billed). Objects are never overwritten: the final write carries
 * {@code If-None-Match: *}, which Amazon S3 enforces atomically against concurrent
 * writers. Where the server enforces it (Amazon S3; with an endpoint, found out by a
 * probe before the first put, see {@link S3Location.OverwriteCheck}), a single-request
 * put is just that request; elsewhere a put first checks with a HEAD that the key is
 * free, which catches every sequential case on servers that ignore the header (older
 * S3Proxy and MinIO releases). A multipart put always checks first, so as not to upload a
 * whole object in vain.
 * <p>
 * A get of an object up to {@code downloadRangeSize} is one GET stream; a larger object
 * is read as ranges fetched in parallel ({@link RangedObjectInputStream}), at most
 * {@code (downloadRangesInFlight + 1) × downloadRangeSize} in memory per download. Every
 * ranged GET carries {@code If-Match} with the object's ETag, so a download never mixes
 * two versions of a key.
 * <p>
 * Error messages name the location (without secrets), the key and S3's answer; the SDK's
 * retry strategy has already retried transient failures by then.
 */
final class S3StorageProvider
		implements StorageProvider, StorageReachability, StorageBatchDeletion, StorageUnfinishedWrites, AutoCloseable {

	private static final Log logger = LogFactory.getLog(S3StorageProvider.class);

	private static final int MAX_PARTS = 10_000;

	private static final int DELETE_BATCH = 1000;

	private static final String CONTENT_TYPE = "application/octet-stream";

	private static final AtomicInteger threadCount = new AtomicInteger();

	private final S3Location location;

	private final S3Client s3;

	private final int partSize;

	private final int maxPartsInFlight;

	private final int listPageSize;

	private final int rangeSize;

	private final int rangesInFlight;

	private final int maxAttempts;

	private final long singlePutSize;

	private final ExecutorService transfers;

	private final TransferBudget budget;

	/**
	 * What probes found out, by server and bucket ({@code true}: the server enforces
	 * If-None-Match: *).
	 */
	private final Map<String, Boolean> conditionalWrites;

	/**
	 * Whether a put first checks with a HEAD; {@code null} until a probe has found out.
	 */
	private volatile Boolean headBeforePut;

	S3StorageProvider(S3Location location, S3Client s3, S3StorageProperties properties,
			Map<String, Boolean> conditionalWrites, TransferBudget budget) {
		this.location = location;
		this.budget = budget;
		this.s3 = s3;
		this.conditionalWrites = conditionalWrites;
		this.headBeforePut = switch (location.overwriteCheck()) {
			case HEAD -> true;
			case CONDITIONAL -> false;
			case PROBE -> null;
		};
		this.partSize = (int) properties.partSize().toBytes();
		this.maxPartsInFlight = properties.maxPartsInFlight();
		this.listPageSize = properties.listPageSize();
		this.rangeSize = (int) properties.downloadRangeSize().toBytes();
		this.rangesInFlight = properties.downloadRangesInFlight();
		this.maxAttempts = properties.maxAttempts();
		this.singlePutSize = properties.singlePutSize().toBytes();
		ThreadFactory threads = (runnable) -> {
			Thread thread = new Thread(runnable, "s3-transfer-" + threadCount.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		this.transfers = Executors.newCachedThreadPool(threads);
	}

	@Override
	public long put(String key, InputStream data) throws IOException {
		String objectKey = objectKey(key);
		boolean checked = headBeforePut();
		if (checked && exists(key)) {
			throw new StorageKeyExistsException(key);
		}
		// A small stream is read into a small array; the first part of a larger one into
		// a buffer from the transfer budget's pool, which goes back to it whatever
		// happens: a snapshot's many files reuse the same few buffers
		try (FirstPart first = FirstPart.read(data, this.partSize, this.budget)) {
			if (first.length() < this.partSize) {
				// The server enforces If-None-Match: * if the HEAD was skipped
				putSmall(key, objectKey, first.bytes(), first.length());
				return first.length();
			}
			if (!checked && exists(key)) {
				throw new StorageKeyExistsException(key);
			}
			return putMultipart(key, objectKey, first.bytes(), data);
		}
	}

	/**
	 * Puts a local file of a part or more, up to {@code single-put-size}, in one request
	 * streamed from the file, read again from its start if the request is retried: no
	 * part buffers, fewer requests, and nothing for the server to reassemble
	 * (bench/nodes: S3Proxy's CPU per byte). Smaller and larger content goes through
	 * {@link #put(String, InputStream)}.
	 */
	@Override
	public long put(String key, long size, Reopenable content) throws IOException {
		if (size < this.partSize || size > this.singlePutSize) {
			return StorageProvider.super.put(key, size, content);
		}
		String objectKey = objectKey(key);
		// As before a multipart upload: a HEAD first, so as not to send the whole file in
		// vain; the put's If-None-Match: * still guards against a race
		if (exists(key)) {
			throw new StorageKeyExistsException(key);
		}
		SizedStreams streams = new SizedStreams(content, size);
		try {
			this.s3.putObject(conditionalPut(objectKey, size),
					RequestBody.fromContentProvider(streams, size, CONTENT_TYPE));
			if (streams.lastGrew()) {
				// the file grew while it was sent: what is stored is not the file
				delete(key);
				throw new IOException(
						"The content of " + key + " changed while it was stored: more than " + size + " bytes");
			}
			return size;
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		catch (IllegalStateException ex) {
			// the SDK's check that the body has the length it announced
			throw new IOException(
					"The content of " + key + " changed while it was stored: fewer than " + size + " bytes", ex);
		}
		catch (SdkException ex) {
			throw translateWriteFailure(key, ex);
		}
		finally {
			streams.close();
		}
	}

	private void putSmall(String key, String objectKey, byte[] bytes, int length) throws IOException {
		try {
			this.s3.putObject(conditionalPut(objectKey, length), RequestBody
				.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE));
		}
		catch (SdkException ex) {
			throw translateWriteFailure(key, ex);
		}
	}

	/**
	 * A PutObject that only creates: {@code If-None-Match: *}, with the location's
	 * encryption and class.
	 * @param objectKey the object's key in the bucket (the location's prefix included)
	 * @param length the body's length in bytes
	 * @return the request, for {@code putObject}
	 */
	private PutObjectRequest conditionalPut(String objectKey, long length) {
		return PutObjectRequest.builder()
			.bucket(this.location.bucket())
			.key(objectKey)
			.contentType(CONTENT_TYPE)
			.contentLength(length)
			.ifNoneMatch("*")
			.serverSideEncryption(this.location.sse())
			.ssekmsKeyId(this.location.kmsKeyId())
			.storageClass(this.location.storageClass())
			.build();
	}

	private boolean headBeforePut() {
		Boolean head = this.headBeforePut;
		if (head == null) {
			synchronized (this) {
				head = this.headBeforePut;
				if (head == null) {
					String server = this.location.endpoint() + " " + this.location.bucket();
					Boolean enforced = this.conditionalWrites.get(server);
					if (enforced == null) {
						enforced = probeConditionalWrites();
						if (enforced != null) {
							this.conditionalWrites.put(server, enforced);
						}
					}
					head = !Boolean.TRUE.equals(enforced);
					this.headBeforePut = head;
				}
			}
		}
		return head;
	}

	/**
	 * Finds out whether the server enforces {@code If-None-Match: *}: writes an empty
	 * probe object under the location's prefix twice with the header, then deletes it.
	 * The second write must be refused (412).
	 * @return whether it is enforced, or {@code null} if the probe itself failed (then a
	 * HEAD precedes every put)
	 */
	private Boolean probeConditionalWrites() {
		String probeKey = this.location.prefix() + ".backplane-overwrite-probe-" + UUID.randomUUID();
		try {
			this.s3.putObject(conditionalPut(probeKey, 0), RequestBody.empty());
		}
		catch (SdkException ex) {
			logger.warn("Could not find out whether the S3 server enforces If-None-Match: * (writing a probe object "
					+ "failed), so every put checks with a HEAD first: location=" + describe() + " reason="
					+ ex.getMessage());
			return null;
		}
		try {
			this.s3.putObject(conditionalPut(probeKey, 0), RequestBody.empty());
			logger.info("The S3 server ignores If-None-Match: *, so every put checks with a HEAD first that its key "
					+ "is free (this does not guard against concurrent writers of the same key): location="
					+ describe());
			return false;
		}
		catch (SdkException ex) {
			if (ex instanceof S3Exception refused && refused.statusCode() == 412) {
				logger.info("The S3 server enforces If-None-Match: *: objects smaller than a part go up in one "
						+ "request, without a HEAD first: location=" + describe());
				return true;
			}
			logger.warn("Could not find out whether the S3 server enforces If-None-Match: * (the second write of the "
					+ "probe object failed), so every put checks with a HEAD first: location=" + describe() + " reason="
					+ ex.getMessage());
			return null;
		}
		finally {
			try {
				this.s3.deleteObject((request) -> request.bucket(this.location.bucket()).key(probeKey));
			}
			catch (SdkException ex) {
				logger.warn("Could not delete the empty probe object " + probeKey + " at " + describe()
						+ "; it may be deleted by hand: " + ex.getMessage());
			}
		}
	}

	/**
	 * How puts check for existing keys, once resolved: {@code head} or
	 * {@code conditional}.
	 * @return the check in force
	 */
	String overwriteCheck() {
		return headBeforePut() ? "head" : "conditional";
	}

	private long putMultipart(String key, String objectKey, byte[] first, InputStream data) throws IOException {
		boolean checksums = !this.location.checksumsWhenRequired();
		String uploadId = startUpload(key, objectKey, checksums);
		ParallelPartUpload<CompletedPart> upload = new ParallelPartUpload<>(this.transfers, this.partSize,
				this.maxPartsInFlight, MAX_PARTS, this.budget,
				(partNumber, buffer, length) -> uploadPart(objectKey, uploadId, checksums, partNumber, buffer, length));
		try {
			List<CompletedPart> parts;
			try {
				parts = upload.run(first, first.length, data);
			}
			catch (ParallelPartUpload.PartFailedException ex) {
				throw (ex.getCause() instanceof SdkException sdk) ? failure("uploading a part", key, sdk) : ex;
			}
			completeUpload(key, objectKey, uploadId, parts);
			return upload.size();
		}
		catch (IOException | RuntimeException | Error ex) {
			abort(key, objectKey, uploadId, ex);
			throw ex;
		}
	}

	/**
	 * Files above the single put size go up as a multipart upload whose parts are read
	 * from the file at their offsets, {@code max-parts-in-flight} side by side: no part
	 * buffer on the heap (bench/buckets: the 1 GiB object's 16 MB parts took the
	 * service's RSS over its 512 MB target) and no copy of the bytes into one. Each
	 * part's body is read again from the file on retry. A file of another size than
	 * announced fails the put before it completes.
	 */
	@Override
	public long putFile(String key, Path file, long size) throws IOException {
		long parts = (size + this.partSize - 1) / this.partSize;
		if (size <= this.singlePutSize || parts > MAX_PARTS) {
			return put(key, size, () -> Files.newInputStream(file));
		}
		String objectKey = objectKey(key);
		// a HEAD first, as before any multipart upload of a file: the whole file is not
		// sent in vain; the completion's If-None-Match: * still guards against a race
		if (exists(key)) {
			throw new StorageKeyExistsException(key);
		}
		boolean checksums = !this.location.checksumsWhenRequired();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			checkSize(key, channel, size);
			String uploadId = startUpload(key, objectKey, checksums);
			ArrayDeque<Future<CompletedPart>> inFlight = new ArrayDeque<>();
			List<CompletedPart> completed = new ArrayList<>((int) parts);
			try {
				for (int i = 0; i < parts; i++) {
					long offset = (long) i * this.partSize;
					int length = (int) Math.min(this.partSize, size - offset);
					int number = i + 1;
					inFlight.add(this.transfers
						.submit(() -> uploadFilePart(objectKey, uploadId, checksums, number, channel, offset, length)));
					if (inFlight.size() >= this.maxPartsInFlight) {
						completed.add(awaitPart(key, inFlight.poll()));
					}
				}
				while (!inFlight.isEmpty()) {
					completed.add(awaitPart(key, inFlight.poll()));
				}
				checkSize(key, channel, size);
				completeUpload(key, objectKey, uploadId, completed);
				return size;
			}
			catch (IOException | RuntimeException | Error ex) {
				// no part may land after the abort: wait for those still in flight
				for (Future<CompletedPart> part : inFlight) {
					part.cancel(false);
					try {
						part.get();
					}
					catch (Exception ignored) {
						// its failure, if any, is not the one reported
					}
				}
				abort(key, objectKey, uploadId, ex);
				throw ex;
			}
		}
	}

	private static void checkSize(String key, FileChannel channel, long size) throws IOException {
		if (channel.size() != size) {
			throw new IOException("The content of " + key + " changed while it was stored: the file has "
					+ channel.size() + " bytes, not " + size);
		}
	}

	private CompletedPart awaitPart(String key, Future<CompletedPart> part) throws IOException {
		try {
			return part.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while storing " + key);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof SdkException sdk) {
				throw failure("uploading a part", key, sdk);
			}
			if (ex.getCause() instanceof UncheckedIOException io) {
				throw io.getCause();
			}
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IOException(ex.getCause());
		}
	}

	private CompletedPart uploadFilePart(String objectKey, String uploadId, boolean checksums, int partNumber,
			FileChannel channel, long offset, int length) {
		// The body is read from the file at its offset, again on each retry
		return uploadPart(objectKey, uploadId, checksums, partNumber, length,
				() -> new FileRange(channel, offset, length));
	}

	private String startUpload(String key, String objectKey, boolean checksums) throws IOException {
		CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
			.bucket(this.location.bucket())
			.key(objectKey)
			.contentType(CONTENT_TYPE)
			.serverSideEncryption(this.location.sse())
			.ssekmsKeyId(this.location.kmsKeyId())
			.storageClass(this.location.storageClass());
		if (checksums) {
			create.checksumAlgorithm(ChecksumAlgorithm.CRC32);
		}
		try {
			return this.s3.createMultipartUpload(create.build()).uploadId();
		}
		catch (SdkException ex) {
			throw failure("starting an upload", key, ex);
		}
	}

	private void completeUpload(String key, String objectKey, String uploadId, List<CompletedPart> parts)
			throws IOException {
		try {
			this.s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
				.bucket(this.location.bucket())
				.key(objectKey)
				.uploadId(uploadId)
				.ifNoneMatch("*")
				.multipartUpload((completed) -> completed.parts(parts))
				.build());
		}
		catch (SdkException ex) {
			throw translateWriteFailure(key, ex);
		}
	}

	private CompletedPart uploadPart(String objectKey, String uploadId, boolean checksums, int partNumber,
			byte[] buffer, int length) {
		// The body is re-read from the buffer on each retry, never copied
		return uploadPart(objectKey, uploadId, checksums, partNumber, length,
				() -> new ByteArrayInputStream(buffer, 0, length));
	}

	private CompletedPart uploadPart(String objectKey, String uploadId, boolean checksums, int partNumber, int length,
			ContentStreamProvider body) {
		UploadPartRequest.Builder request = UploadPartRequest.builder()
			.bucket(this.location.bucket())
			.key(objectKey)
			.uploadId(uploadId)
			.partNumber(partNumber)
			.contentLength((long) length);
		if (checksums) {
			request.checksumAlgorithm(ChecksumAlgorithm.CRC32);
		}
		UploadPartResponse response = this.s3.uploadPart(request.build(),
				RequestBody.fromContentProvider(body, length, CONTENT_TYPE));
		return CompletedPart.builder()
			.partNumber(partNumber)
			.eTag(response.eTag())
			.checksumCRC32(response.checksumCRC32())
			.build();
	}

	/**
	 * Aborts a multipart upload once no part is in flight any more, so S3 keeps (and
	 * bills) no parts.
	 * @param key the storage key, for the log line
	 * @param objectKey the object's key in the bucket
	 * @param uploadId the multipart upload's id
	 * @param cause the failure that ends the upload; a failure to abort is added to it as
	 * suppressed
	 */
	private void abort(String key, String objectKey, String uploadId, Throwable cause) {
		try {
			this.s3.abortMultipartUpload(
					(request) -> request.bucket(this.location.bucket()).key(objectKey).uploadId(uploadId));
		}
		catch (SdkException ex) {
			logger.warn("Could not abort multipart upload; a lifecycle rule for incomplete uploads will have to "
					+ "remove it: location=" + describe() + " key=" + key + " uploadId=" + uploadId + " reason="
					+ ex.getMessage());
			cause.addSuppressed(ex);
		}
	}

	/**
	 * The folders of the multipart uploads under this location that were started and
	 * neither completed nor aborted (their process was killed).
	 */
	@Override
	public Set<String> foldersWithUnfinishedWrites() throws IOException {
		Set<String> folders = new TreeSet<>();
		for (MultipartUpload upload : unfinishedUploads("")) {
			String key = upload.key().substring(this.location.prefix().length());
			int slash = key.lastIndexOf('/');
			if (slash >= 0) {
				folders.add(key.substring(0, slash + 1));
			}
		}
		return folders;
	}

	/**
	 * Aborts the unfinished multipart uploads of keys directly in a folder.
	 */
	@Override
	public int removeUnfinishedWrites(String folder) throws IOException {
		int aborted = 0;
		for (MultipartUpload upload : unfinishedUploads(folder)) {
			String key = upload.key().substring(this.location.prefix().length());
			if (key.indexOf('/', folder.length()) >= 0) {
				continue;
			}
			try {
				this.s3.abortMultipartUpload((request) -> request.bucket(this.location.bucket())
					.key(upload.key())
					.uploadId(upload.uploadId()));
				aborted++;
			}
			catch (SdkException ex) {
				throw new IOException("Could not abort the unfinished upload of " + key + " in " + describe() + ": "
						+ ex.getMessage(), ex);
			}
		}
		return aborted;
	}

	private List<MultipartUpload> unfinishedUploads(String folder) throws IOException {
		String prefix = this.location.prefix() + folder;
		try {
			List<MultipartUpload> uploads = new ArrayList<>();
			this.s3.listMultipartUploadsPaginator((request) -> request.bucket(this.location.bucket()).prefix(prefix))
				.uploads()
				.forEach(uploads::add);
			return uploads;
		}
		catch (SdkException ex) {
			throw new IOException("Could not list the unfinished uploads of " + describe() + ": " + ex.getMessage(),
					ex);
		}
	}

	private IOException translateWriteFailure(String key, SdkException ex) {
		if (ex instanceof S3Exception s3Exception) {
			int status = s3Exception.statusCode();
			// 412: If-None-Match: * lost against an existing object; 409
			// (ConditionalRequestConflict): a concurrent conditional write of the same
			// key won
			if (status == 412 || (status == 409 && existsQuietly(key))) {
				return new StorageKeyExistsException(key);
			}
		}
		return failure("writing", key, ex);
	}

	@Override
	public InputStream get(String key) throws IOException {
		String objectKey = objectKey(key);
		ResponseInputStream<GetObjectResponse> in;
		try {
			in = this.s3.getObject((request) -> request.bucket(this.location.bucket()).key(objectKey));
		}
		catch (NoSuchKeyException ex) {
			throw new StorageKeyNotFoundException(key);
		}
		catch (SdkException ex) {
			throw failure("reading", key, ex);
		}
		Long length = in.response().contentLength();
		String eTag = in.response().eTag();
		if (this.rangesInFlight == 0 || length == null || length <= this.rangeSize || eTag == null) {
			return new ObjectInputStream(in);
		}
		return new RangedObjectInputStream(this.transfers, new ObjectInputStream(in),
				(offset, rangeLength) -> openRange(key, objectKey, eTag, offset, rangeLength),
				describe() + " key " + key, length, this.rangeSize, this.rangesInFlight, this.maxAttempts, this.budget);
	}

	private InputStream openRange(String key, String objectKey, String eTag, long offset, int length)
			throws IOException {
		String range = "bytes=" + offset + "-" + (offset + length - 1);
		try {
			return new ObjectInputStream(this.s3.getObject(
					(request) -> request.bucket(this.location.bucket()).key(objectKey).range(range).ifMatch(eTag)));
		}
		catch (SdkException ex) {
			throw failure("reading " + range, key, ex);
		}
	}

	@Override
	public Stream<StorageObject> list(String prefix) throws IOException {
		StorageKeys.checkPrefix(prefix);
		Listing listing = new Listing(this.location.prefix() + prefix);
		listing.fetch();
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(listing,
				Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
	}

	@Override
	public void delete(String key) throws IOException {
		String objectKey = objectKey(key);
		try {
			this.s3.deleteObject((request) -> request.bucket(this.location.bucket()).key(objectKey));
		}
		catch (NoSuchKeyException ex) {
			// already gone
		}
		catch (SdkException ex) {
			throw failure("deleting", key, ex);
		}
	}

	@Override
	public void deleteAll(Collection<String> keys) throws IOException {
		List<ObjectIdentifier> batch = new ArrayList<>(Math.min(keys.size(), DELETE_BATCH));
		for (String key : keys) {
			batch.add(ObjectIdentifier.builder().key(objectKey(key)).build());
			if (batch.size() == DELETE_BATCH) {
				deleteBatch(batch);
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			deleteBatch(batch);
		}
	}

	private void deleteBatch(List<ObjectIdentifier> batch) throws IOException {
		DeleteObjectsResponse response;
		try {
			response = this.s3.deleteObjects((request) -> request.bucket(this.location.bucket())
				.delete(Delete.builder().objects(batch).quiet(true).build()));
		}
		catch (SdkException ex) {
			throw failure("deleting " + batch.size() + " objects", batch.get(0).key(), ex);
		}
		if (response.hasErrors() && !response.errors().isEmpty()) {
			var error = response.errors().get(0);
			throw new IOException(
					"S3 deleting " + response.errors().size() + " of " + batch.size() + " objects failed at "
							+ describe() + ", first key " + error.key().substring(this.location.prefix().length())
							+ ": " + error.code() + " " + error.message());
		}
	}

	@Override
	public boolean exists(String key) throws IOException {
		String objectKey = objectKey(key);
		try {
			this.s3.headObject((request) -> request.bucket(this.location.bucket()).key(objectKey));
			return true;
		}
		catch (NoSuchKeyException ex) {
			return false;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return false;
			}
			throw failure("checking", key, ex);
		}
		catch (SdkException ex) {
			throw failure("checking", key, ex);
		}
	}

	@Override
	public void checkReachable() throws IOException {
		try {
			this.s3.listObjectsV2(
					(request) -> request.bucket(this.location.bucket()).prefix(this.location.prefix()).maxKeys(1));
		}
		catch (SdkException ex) {
			throw failure("listing", "", ex);
		}
	}

	@Override
	public String describe() {
		return this.location.describe();
	}

	@Override
	public void close() {
		this.transfers.shutdownNow();
		this.s3.close();
	}

	private String objectKey(String key) {
		return this.location.prefix() + StorageKeys.check(key);
	}

	private IOException failure(String action, String key, SdkException ex) {
		String reason = ex.getMessage();
		if (ex instanceof S3Exception s3Exception && s3Exception.awsErrorDetails() != null) {
			String code = s3Exception.awsErrorDetails().errorCode();
			if ("NoSuchBucket".equals(code)) {
				reason = "bucket " + this.location.bucket() + " does not exist (" + reason + ")";
			}
		}
		return new IOException(
				"S3 " + action + " failed at " + describe() + (key.isEmpty() ? "" : " for key " + key) + ": " + reason,
				ex);
	}

	@Override
	public String toString() {
		return "S3StorageProvider[" + describe() + "]";
	}

	/**
	 * Closing a half-read object aborts its connection rather than downloading the rest
	 * of it.
	 */
	private static final class ObjectInputStream extends FilterInputStream {

		private final ResponseInputStream<GetObjectResponse> response;

		private boolean ended;

		ObjectInputStream(ResponseInputStream<GetObjectResponse> response) {
			super(response);
			this.response = response;
		}

		@Override
		public int read() throws IOException {
			int read = super.read();
			this.ended |= (read == -1);
			return read;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int read = super.read(b, off, len);
			this.ended |= (read == -1);
			return read;
		}

		@Override
		public void close() throws IOException {
			if (!this.ended) {
				this.response.abort();
			}
			super.close();
		}

	}

	/**
	 * Pages through ListObjectsV2 lazily, one page in memory at a time.
	 */
	private final class Listing implements Iterator<StorageObject> {

		private final String objectPrefix;

		private Iterator<S3Object> page;

		private String continuationToken;

		private boolean last;

		Listing(String objectPrefix) {
			this.objectPrefix = objectPrefix;
		}

		void fetch() throws IOException {
			ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
				.bucket(S3StorageProvider.this.location.bucket())
				.prefix(this.objectPrefix)
				.maxKeys(S3StorageProvider.this.listPageSize)
				.continuationToken(this.continuationToken);
			ListObjectsV2Response response;
			try {
				response = S3StorageProvider.this.s3.listObjectsV2(request.build());
			}
			catch (SdkException ex) {
				throw failure("listing", this.objectPrefix, ex);
			}
			this.page = response.contents().iterator();
			this.continuationToken = response.nextContinuationToken();
			this.last = !Boolean.TRUE.equals(response.isTruncated()) || this.continuationToken == null;
		}

		@Override
		public boolean hasNext() {
			while (!this.page.hasNext() && !this.last) {
				try {
					fetch();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
			return this.page.hasNext();
		}

		@Override
		public StorageObject next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			S3Object object = this.page.next();
			return new StorageObject(object.key().substring(S3StorageProvider.this.location.prefix().length()),
					(object.size() != null) ? object.size() : 0, object.lastModified());
		}

	}

	/**
	 * The streams of a file put in one request: a new one from its start for every
	 * attempt, each counting what the request reads of it; all closed at the end.
	 */
	private static final class SizedStreams implements ContentStreamProvider {

		private final Reopenable content;

		private final long size;

		private final List<Sized> opened = new ArrayList<>();

		SizedStreams(Reopenable content, long size) {
			this.content = content;
			this.size = size;
		}

		@Override
		public synchronized InputStream newStream() {
			try {
				Sized stream = new Sized(this.content.open(), this.size);
				this.opened.add(stream);
				return stream;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		// Whether the stream the request sent went on after its size: the SDK reads
		// exactly size bytes and closes it, so the stream looks one byte further itself
		synchronized boolean lastGrew() {
			return !this.opened.isEmpty() && this.opened.get(this.opened.size() - 1).grew;
		}

		synchronized void close() throws IOException {
			IOException failure = null;
			for (InputStream stream : this.opened) {
				try {
					stream.close();
				}
				catch (IOException ex) {
					failure = (failure != null) ? failure : ex;
				}
			}
			if (failure != null) {
				throw failure;
			}
		}

	}

	/**
	 * A stream of a file expected to hold {@code size} bytes: once they are read, it
	 * checks whether the file has more ({@link #grew}).
	 */
	private static final class Sized extends FilterInputStream {

		private final long size;

		private long read;

		private boolean checked;

		private volatile boolean grew;

		Sized(InputStream in, long size) {
			super(in);
			this.size = size;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b != -1) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws IOException {
			this.read += n;
			if (this.read >= this.size && !this.checked) {
				this.checked = true;
				this.grew = this.read > this.size || this.in.read() != -1;
			}
		}

	}

	/**
	 * A range of a file read through positional reads of a shared channel (several parts
	 * of one file are read side by side).
	 */
	private static final class FileRange extends InputStream {

		private final FileChannel channel;

		private long position;

		private final long end;

		FileRange(FileChannel channel, long offset, int length) {
			this.channel = channel;
			this.position = offset;
			this.end = offset + length;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) == 1) ? (one[0] & 0xff) : -1;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.position >= this.end) {
				return -1;
			}
			int n = this.channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, this.end - this.position)),
					this.position);
			if (n < 0) {
				throw new IOException("The file ended at " + this.position + ", before " + this.end);
			}
			this.position += n;
			return n;
		}

	}

}
