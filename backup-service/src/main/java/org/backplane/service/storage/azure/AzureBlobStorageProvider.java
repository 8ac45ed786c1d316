package org.backplane.service.storage.azure;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.azure.core.exception.AzureException;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import org.backplane.service.storage.FirstPart;
import org.backplane.service.storage.ParallelPartUpload;
import org.backplane.service.storage.StorageKeyExistsException;
import org.backplane.service.storage.StorageKeyNotFoundException;
import org.backplane.service.storage.StorageKeys;
import org.backplane.service.storage.StorageObject;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageReachability;
import org.backplane.service.storage.TransferBudget;

/**
 * Stores objects as block blobs in one container under the location's prefix.
 * <p>
 * A put reads the first block; a short object goes up in one Put Blob, a longer one as
 * blocks staged in parallel from a small pool of reused buffers (memory stays at
 * {@code (maxBlocksInFlight + 1) × blockSize}) and committed at the end. Both final
 * writes carry {@code If-None-Match: *}, so an existing blob is never replaced, even by a
 * concurrent writer. A failed put leaves at most uncommitted blocks, which are invisible
 * (never listed, never readable) and which Azure discards after a week; they carry random
 * block ids, so they never mix with a later put of the same key.
 */
final class AzureBlobStorageProvider implements StorageProvider, StorageReachability, AutoCloseable {

	private static final int MAX_BLOCKS = 50_000;

	private static final AtomicInteger threadCount = new AtomicInteger();

	private static final BlobHttpHeaders HEADERS = new BlobHttpHeaders().setContentType("application/octet-stream");

	private final AzureBlobLocation location;

	private final BlobContainerClient container;

	private final AzureBlobStorageProperties properties;

	private final int blockSize;

	private final ExecutorService uploads;

	private final TransferBudget budget;

	AzureBlobStorageProvider(AzureBlobLocation location, BlobContainerClient container,
			AzureBlobStorageProperties properties, TransferBudget budget) {
		this.location = location;
		this.budget = budget;
		this.container = container;
		this.properties = properties;
		this.blockSize = (int) properties.blockSize().toBytes();
		ThreadFactory threads = (runnable) -> {
			Thread thread = new Thread(runnable, "azure-upload-" + threadCount.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		this.uploads = Executors.newCachedThreadPool(threads);
	}

	@Override
	public long put(String key, InputStream data) throws IOException {
		BlockBlobClient blob = blob(key);
		if (exists(key)) {
			throw new StorageKeyExistsException(key);
		}
		BlobRequestConditions ifAbsent = new BlobRequestConditions().setIfNoneMatch("*");
		// A small stream is read into a small array; the first block of a larger one into
		// a buffer from the transfer budget's pool, which goes back to it whatever
		// happens
		try (FirstPart first = FirstPart.read(data, this.blockSize, this.budget)) {
			if (first.length() < this.blockSize) {
				return putSmall(key, blob, Arrays.copyOf(first.bytes(), first.length()), ifAbsent);
			}
			return putBlocks(key, blob, first.bytes(), data, ifAbsent);
		}
	}

	private long putSmall(String key, BlockBlobClient blob, byte[] first, BlobRequestConditions ifAbsent)
			throws IOException {
		try {
			blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(first)).setHeaders(HEADERS)
				.setRequestConditions(ifAbsent), null, Context.NONE);
		}
		catch (BlobStorageException ex) {
			if (ex.getStatusCode() != 409 || existsQuietly(key)) {
				throw translateWriteFailure(key, ex);
			}
			// Azurite answers Put Blob with If-None-Match: * by 409 when only
			// uncommitted blocks (of a failed put) are there; Put Block List gets it
			// right, so commit the data as one block
			stageAndCommit(key, blob, List.of(BinaryData.fromBytes(first)), ifAbsent);
		}
		catch (AzureException ex) {
			throw translateWriteFailure(key, ex);
		}
		return first.length;
	}

	private long putBlocks(String key, BlockBlobClient blob, byte[] first, InputStream data,
			BlobRequestConditions ifAbsent) throws IOException {
		// Block ids of one blob must all have the same length; a random prefix per put
		// keeps concurrent or earlier failed puts of the same key apart
		String upload = UUID.randomUUID().toString();
		ParallelPartUpload<String> parts = new ParallelPartUpload<>(this.uploads, this.blockSize,
				this.properties.maxBlocksInFlight(), MAX_BLOCKS, this.budget, (number, buffer, length) -> {
					String blockId = blockId(upload, number);
					blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(blockId,
							BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, length))), null, Context.NONE);
					return blockId;
				});
		List<String> blockIds;
		try {
			blockIds = parts.run(first, first.length, data);
		}
		catch (ParallelPartUpload.PartFailedException ex) {
			throw (ex.getCause() instanceof AzureException azure) ? failure("staging a block", key, azure) : ex;
		}
		try {
			blob.commitBlockListWithResponse(
					new BlockBlobCommitBlockListOptions(blockIds).setHeaders(HEADERS).setRequestConditions(ifAbsent),
					null, Context.NONE);
		}
		catch (AzureException ex) {
			throw translateWriteFailure(key, ex);
		}
		return parts.size();
	}

	private void stageAndCommit(String key, BlockBlobClient blob, List<BinaryData> blocks,
			BlobRequestConditions conditions) throws IOException {
		String upload = UUID.randomUUID().toString();
		List<String> blockIds = new ArrayList<>();
		try {
			for (BinaryData block : blocks) {
				String blockId = blockId(upload, blockIds.size() + 1);
				blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(blockId, block), null, Context.NONE);
				blockIds.add(blockId);
			}
			blob.commitBlockListWithResponse(
					new BlockBlobCommitBlockListOptions(blockIds).setHeaders(HEADERS).setRequestConditions(conditions),
					null, Context.NONE);
		}
		catch (AzureException ex) {
			throw translateWriteFailure(key, ex);
		}
	}

	private static String blockId(String upload, int number) {
		return Base64.getEncoder()
			.encodeToString(String.format("%s-%06d", upload, number).getBytes(StandardCharsets.US_ASCII));
	}

	private IOException translateWriteFailure(String key, AzureException ex) {
		if (ex instanceof BlobStorageException storage) {
			int status = storage.getStatusCode();
			// 409 BlobAlreadyExists / 412 ConditionNotMet: If-None-Match: * lost against
			// an existing blob; a concurrent commit of the same name also discards our
			// staged blocks (400 InvalidBlockList)
			if (status == 409 || status == 412
					|| (BlobErrorCode.INVALID_BLOCK_LIST.equals(storage.getErrorCode()) && existsQuietly(key))) {
				return new StorageKeyExistsException(key);
			}
		}
		return failure("writing", key, ex);
	}

	/**
	 * Opens a blob for reading. The SDK's stream holds one {@code download-block-size}
	 * chunk at a time; that chunk counts against the transfer budget (as the first buffer
	 * of a transfer: always granted) until the stream is closed.
	 */
	@Override
	public InputStream get(String key) throws IOException {
		BlockBlobClient blob = blob(key);
		int blockSize = (int) this.properties.downloadBlockSize().toBytes();
		try {
			InputStream in = blob.openInputStream(new BlobInputStreamOptions().setBlockSize(blockSize), Context.NONE);
			this.budget.take(blockSize);
			return new BudgetedInputStream(in, this.budget, blockSize, (ex) -> readFailure(key, ex));
		}
		catch (BlobStorageException ex) {
			if (ex.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(ex.getErrorCode())) {
				throw new StorageKeyNotFoundException(key);
			}
			throw failure("reading", key, ex);
		}
		catch (AzureException ex) {
			throw failure("reading", key, ex);
		}
	}

	@Override
	public Stream<StorageObject> list(String prefix) throws IOException {
		StorageKeys.checkPrefix(prefix);
		ListBlobsOptions options = new ListBlobsOptions().setPrefix(this.location.prefix() + prefix)
			.setMaxResultsPerPage(this.properties.listPageSize());
		Iterator<PagedResponse<BlobItem>> pages;
		Iterator<BlobItem> first;
		try {
			pages = this.container.listBlobs(options, null).iterableByPage().iterator();
			first = pages.hasNext() ? pages.next().getValue().iterator() : List.<BlobItem>of().iterator();
		}
		catch (AzureException ex) {
			throw failure("listing", prefix, ex);
		}
		Iterator<StorageObject> objects = new Iterator<>() {

			private Iterator<BlobItem> page = first;

			@Override
			public boolean hasNext() {
				try {
					while (!this.page.hasNext() && pages.hasNext()) {
						this.page = pages.next().getValue().iterator();
					}
				}
				catch (AzureException ex) {
					throw new UncheckedIOException(failure("listing", prefix, ex));
				}
				return this.page.hasNext();
			}

			@Override
			public StorageObject next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				BlobItem item = this.page.next();
				Long size = (item.getProperties() != null) ? item.getProperties().getContentLength() : null;
				return new StorageObject(
						item.getName().substring(AzureBlobStorageProvider.this.location.prefix().length()),
						(size != null) ? size : 0,
						(item.getProperties() != null && item.getProperties().getLastModified() != null)
								? item.getProperties().getLastModified().toInstant() : null);
			}

		};
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(objects,
				Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
	}

	@Override
	public void delete(String key) throws IOException {
		try {
			blob(key).deleteIfExists();
		}
		catch (AzureException ex) {
			throw failure("deleting", key, ex);
		}
	}

	@Override
	public boolean exists(String key) throws IOException {
		try {
			return blob(key).exists();
		}
		catch (AzureException ex) {
			throw failure("checking", key, ex);
		}
	}

	@Override
	public void checkReachable() throws IOException {
		try {
			this.container
				.listBlobs(new ListBlobsOptions().setPrefix(this.location.prefix()).setMaxResultsPerPage(1),
						Duration.ofSeconds(30))
				.iterableByPage()
				.iterator()
				.hasNext();
		}
		catch (AzureException | IllegalStateException ex) {
			throw failure("listing", "", ex);
		}
	}

	@Override
	public String describe() {
		return this.location.describe();
	}

	@Override
	public void close() {
		this.uploads.shutdownNow();
	}

	private BlockBlobClient blob(String key) {
		return this.container.getBlobClient(this.location.prefix() + StorageKeys.check(key)).getBlockBlobClient();
	}

	/**
	 * A failure while reading a blob's content, as the SDK's stream reports it (the
	 * storage's error or a connection's, wrapped in bare exceptions whose messages are
	 * class names): told as the storage's status and code, or the connection's own
	 * message.
	 * @param key the blob's key
	 * @param ex what the stream threw
	 * @return the failure to throw
	 */
	private IOException readFailure(String key, Exception ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof AzureException azure) {
				return failure("reading", key, azure);
			}
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = (root.getMessage() != null && !root.getMessage().isBlank()) ? root.getMessage()
				: "the connection failed";
		return new IOException("Azure reading failed at " + describe() + " for key " + key + ": " + reason, ex);
	}

	private IOException failure(String action, String key, RuntimeException ex) {
		String reason = ex.getMessage();
		if (ex instanceof BlobStorageException storage) {
			reason = "status " + storage.getStatusCode() + ", " + storage.getErrorCode();
			if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(storage.getErrorCode())) {
				reason = "container " + this.location.container() + " does not exist (" + reason + ")";
			}
			else if (storage.getStatusCode() == 403) {
				reason = "access denied, check the credentials (" + reason + ")";
			}
		}
		return new IOException("Azure " + action + " failed at " + describe() + (key.isEmpty() ? "" : " for key " + key)
				+ ": " + reason, ex);
	}

	@Override
	public String toString() {
		return "AzureBlobStorageProvider[" + describe() + "]";
	}

	/**
	 * A download stream that hands its chunk back to the transfer budget once, when first
	 * closed. A failure while reading (the SDK wraps the storage's or the connection's
	 * error in a bare {@code IOException} whose message is a class name and text) is told
	 * as the storage's own status and code, or the connection's message, as every other
	 * failure of this adapter.
	 */
	private static final class BudgetedInputStream extends FilterInputStream {

		private final TransferBudget budget;

		private final long bytes;

		private final AtomicBoolean held = new AtomicBoolean(true);

		private final Function<Exception, IOException> failure;

		BudgetedInputStream(InputStream in, TransferBudget budget, long bytes,
				Function<Exception, IOException> failure) {
			super(in);
			this.budget = budget;
			this.bytes = bytes;
			this.failure = failure;
		}

		@Override
		public int read() throws IOException {
			try {
				return super.read();
			}
			catch (IOException | RuntimeException ex) {
				throw translated(ex);
			}
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			try {
				return super.read(buffer, offset, length);
			}
			catch (IOException | RuntimeException ex) {
				throw translated(ex);
			}
		}

		@Override
		public long skip(long n) throws IOException {
			try {
				return super.skip(n);
			}
			catch (IOException | RuntimeException ex) {
				throw translated(ex);
			}
		}

		private IOException translated(Exception ex) {
			return this.failure.apply(ex);
		}

		@Override
		public void close() throws IOException {
			try {
				super.close();
			}
			finally {
				if (this.held.getAndSet(false)) {
					this.budget.give(this.bytes);
				}
			}
		}

	}

}
