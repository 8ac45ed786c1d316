package org.backplane.service.source.buckets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads a large object into its spool file while its SHA-256 is computed: in ranges of
 * {@code chunk} bytes, {@code window} of them side by side ({@code GET} with
 * {@code Range} and {@code If-Match} the listed ETag), each written at its place in the
 * file, while the calling thread hashes the ranges in order as they land (read back from
 * the page cache). One stream alone is one thread's share of the CPU, which the small
 * objects copied meanwhile take (bench/buckets: the 1 GiB object's read took most of the
 * backup, and its upload came last). An object that changed since the listing (412 or
 * 416, or another ETag or length in a range's answer) is read again as one stream, as it
 * is now, like an object without an ETag or of one range.
 */
final class SpooledRead {

	private static final int BUFFER = 64 * 1024;

	private final S3Client client;

	private final ExecutorService ranges;

	private final long chunk;

	private final int window;

	/**
	 * @param client the source
	 * @param ranges runs the range reads; never the caller's own pool (the caller waits
	 * for them)
	 * @param chunk bytes per range
	 * @param window ranges read at once per object
	 */
	SpooledRead(S3Client client, ExecutorService ranges, long chunk, int window) {
		this.client = client;
		this.ranges = ranges;
		this.chunk = chunk;
		this.window = window;
	}

	/**
	 * Reads an object into a file.
	 * @param bucket the bucket
	 * @param listed the object as listed
	 * @param file the spool file, created and empty
	 * @return its SHA-256, size, and the answer of its first read (the object's headers)
	 * @throws IOException if it cannot be read or written
	 */
	Result read(String bucket, S3Object listed, Path file) throws IOException {
		if (listed.eTag() != null && listed.size() > this.chunk) {
			try {
				return ranged(bucket, listed, file);
			}
			catch (ObjectChanged ex) {
				// read again, whole: what it is now
			}
		}
		return whole(bucket, listed.key(), file);
	}

	private Result whole(String bucket, String key, Path file) throws IOException {
		MessageDigest digest = BucketsSourceComponent.newDigest();
		try (ResponseInputStream<GetObjectResponse> in = this.client.getObject((r) -> r.bucket(bucket).key(key));
				OutputStream spooled = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
			byte[] buffer = new byte[BUFFER];
			long total = 0;
			int n;
			while ((n = in.read(buffer)) != -1) {
				digest.update(buffer, 0, n);
				spooled.write(buffer, 0, n);
				total += n;
			}
			return new Result(HexFormat.of().formatHex(digest.digest()), total, in.response());
		}
	}

	private Result ranged(String bucket, S3Object listed, Path file) throws IOException {
		long size = listed.size();
		int count = (int) ((size + this.chunk - 1) / this.chunk);
		MessageDigest digest = BucketsSourceComponent.newDigest();
		List<Future<GetObjectResponse>> reads = new ArrayList<>(count);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			try {
				for (int i = 0; i < Math.min(this.window, count); i++) {
					reads.add(submit(bucket, listed, channel, i));
				}
				GetObjectResponse first = null;
				ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
				for (int i = 0; i < count; i++) {
					GetObjectResponse response = PendingTransfers.await(reads.get(i), "reading an object in ranges");
					first = (first != null) ? first : response;
					long position = i * this.chunk;
					long end = Math.min(size, position + this.chunk);
					while (position < end) {
						buffer.clear().limit((int) Math.min(BUFFER, end - position));
						int n = channel.read(buffer, position);
						if (n < 0) {
							throw new IOException("Spool file " + file + " ended at " + position + " of " + size);
						}
						digest.update(buffer.array(), 0, n);
						position += n;
					}
					if (i + this.window < count) {
						reads.add(submit(bucket, listed, channel, i + this.window));
					}
				}
				return new Result(HexFormat.of().formatHex(digest.digest()), size, first);
			}
			finally {
				// closing the channel below makes a read still running fail, not write
				reads.forEach((read) -> read.cancel(true));
			}
		}
	}

	private Future<GetObjectResponse> submit(String bucket, S3Object listed, FileChannel channel, int index) {
		long start = index * this.chunk;
		long end = Math.min(listed.size(), start + this.chunk);
		return this.ranges.submit(() -> {
			try (ResponseInputStream<GetObjectResponse> in = this.client.getObject((r) -> r.bucket(bucket)
				.key(listed.key())
				.range("bytes=" + start + "-" + (end - 1))
				.ifMatch(listed.eTag()))) {
				if (in.response().eTag() != null && !in.response().eTag().equals(listed.eTag())) {
					throw new ObjectChanged();
				}
				byte[] buffer = new byte[BUFFER];
				long position = start;
				int n;
				while ((n = in.read(buffer)) != -1) {
					if (position + n > end) {
						throw new ObjectChanged();
					}
					ByteBuffer written = ByteBuffer.wrap(buffer, 0, n);
					while (written.hasRemaining()) {
						position += channel.write(written, position);
					}
				}
				if (position != end) {
					throw new ObjectChanged();
				}
				return in.response();
			}
			catch (S3Exception ex) {
				// 412: not the listed ETag; 416: shorter than listed
				if (ex.statusCode() == 412 || ex.statusCode() == 416) {
					throw new ObjectChanged();
				}
				throw ex;
			}
		});
	}

	/**
	 * What a read gave.
	 *
	 * @param sha256 the content's SHA-256, lower-case hex
	 * @param size its size
	 * @param response the answer of the first read, with the object's headers
	 */
	record Result(String sha256, long size, GetObjectResponse response) {
	}

	/**
	 * The object is not the one listed any more.
	 */
	static final class ObjectChanged extends IOException {

		private static final long serialVersionUID = 1L;

		ObjectChanged() {
			super("changed since the listing");
		}

	}

}
