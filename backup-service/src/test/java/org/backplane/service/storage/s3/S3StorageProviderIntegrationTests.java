package org.backplane.service.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.backplane.service.storage.StorageKeyExistsException;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageProviderContractTests;
import org.backplane.service.storage.StorageReachability;
import org.backplane.service.storage.StorageUnfinishedWrites;
import org.backplane.service.storage.TransferBudget;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServersExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The storage contract and the S3 adapter's own behaviour against a real S3Proxy process.
 * Parts are 5 MB and list pages 100 keys, so the large object goes up in 20 parts and
 * 1,000 keys take 10 pages.
 */
@ExtendWith(TestServersExtension.class)
class S3StorageProviderIntegrationTests extends StorageProviderContractTests {

	private static final String BUCKET = "contract";

	private static final AtomicInteger runs = new AtomicInteger();

	private static final long MIB = 1024 * 1024;

	private static final int RANGES_IN_FLIGHT = 3;

	private static final S3StorageProperties PROPERTIES = S3StorageProperties.defaults()
		.withSizes(S3StorageProperties.MIN_PART_SIZE, 100);

	private final S3ProxyServer server;

	private String prefix;

	S3StorageProviderIntegrationTests(S3ProxyServer server) {
		this.server = server;
	}

	@Override
	protected StorageProvider createProvider() {
		createBucket(BUCKET);
		this.prefix = "run-" + runs.incrementAndGet() + "/";
		return create("s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + this.server.endpoint()
				+ "&checksums=when_required", credentials());
	}

	@Override
	protected void assertNoLeftovers() {
		try (S3Client s3 = adminClient()) {
			List<MultipartUpload> uploads = s3
				.listMultipartUploads((request) -> request.bucket(BUCKET).prefix(this.prefix))
				.uploads();
			assertThat(uploads).as("open multipart uploads").isEmpty();
		}
	}

	@Override
	protected boolean refusesConcurrentOverwrite() {
		// S3Proxy 4 checks If-None-Match: * before it writes, with no promise of
		// atomicity against concurrent writers; Amazon S3 enforces it atomically
		return false;
	}

	@Override
	protected Set<String> secrets() {
		return Set.of(S3ProxyServer.SECRET_KEY);
	}

	@Test
	void unfinishedUploadsOfAKilledPutAreFoundAndAbortedByFolder() throws Exception {
		StorageUnfinishedWrites unfinished = (StorageUnfinishedWrites) this.provider;
		assertThat(unfinished.foldersWithUnfinishedWrites()).isEmpty();
		// what a put leaves when its process is killed between starting a multipart
		// upload
		// and completing it
		try (S3Client s3 = adminClient()) {
			s3.createMultipartUpload((request) -> request.bucket(BUCKET).key(this.prefix + "backups/killed-2/big.tar"));
			s3.createMultipartUpload((request) -> request.bucket(BUCKET).key(this.prefix + "backups/killed-2/deep/x"));
		}
		assertThat(unfinished.foldersWithUnfinishedWrites()).containsExactly("backups/killed-2/",
				"backups/killed-2/deep/");
		assertThat(unfinished.removeUnfinishedWrites("backups/other-2/")).isZero();
		assertThat(unfinished.removeUnfinishedWrites("backups/killed-2/")).isEqualTo(1);
		assertThat(unfinished.foldersWithUnfinishedWrites()).containsExactly("backups/killed-2/deep/");
		assertThat(unfinished.removeUnfinishedWrites("backups/killed-2/deep/")).isEqualTo(1);
		assertNoLeftovers();
	}

	@Test
	void uriKeysWorkAndAreNeverDescribed() throws Exception {
		StorageProvider withUriKeys = create("s3://" + BUCKET + "/" + this.prefix + "?endpoint="
				+ this.server.endpoint() + "&checksums=when_required&access_key=" + S3ProxyServer.ACCESS_KEY
				+ "&secret_key=" + S3ProxyServer.SECRET_KEY, Map.of());
		try {
			withUriKeys.put("uri/keys", new ByteArrayInputStream(new byte[] { 1, 2, 3 }));
			assertThat(this.provider.exists("uri/keys")).isTrue();
			assertThat(withUriKeys.describe()).doesNotContain(S3ProxyServer.SECRET_KEY)
				.doesNotContain(S3ProxyServer.ACCESS_KEY)
				.contains("s3://contract/" + this.prefix)
				.contains("endpoint=" + this.server.endpoint());
		}
		finally {
			((AutoCloseable) withUriKeys).close();
		}
	}

	@Test
	void credentialsMapTakesPrecedenceOverUriKeys() throws Exception {
		StorageProvider wrong = create(
				"s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + this.server.endpoint()
						+ "&checksums=when_required&access_key=" + S3ProxyServer.ACCESS_KEY + "&secret_key="
						+ S3ProxyServer.SECRET_KEY,
				Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", "wrong-secret-1234"));
		try {
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> wrong.put("denied", new ByteArrayInputStream(new byte[] { 1 })))
				.withMessageContaining("s3://contract/" + this.prefix)
				.withMessageContaining("403")
				.withMessageNotContaining("wrong-secret-1234")
				.withMessageNotContaining(S3ProxyServer.SECRET_KEY);
			assertThat(this.provider.exists("denied")).isFalse();
		}
		finally {
			((AutoCloseable) wrong).close();
		}
	}

	@Test
	void missingBucketIsNamedInTheMessage() throws Exception {
		StorageProvider missing = create(
				"s3://no-such-bucket/x?endpoint=" + this.server.endpoint() + "&checksums=when_required", credentials());
		try {
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> missing.put("k", new ByteArrayInputStream(new byte[] { 1 })))
				.withMessageContaining("no-such-bucket");
			assertThatExceptionOfType(IOException.class).isThrownBy(((StorageReachability) missing)::checkReachable)
				.withMessageContaining("bucket no-such-bucket does not exist");
		}
		finally {
			((AutoCloseable) missing).close();
		}
		assertThatNoException().isThrownBy(((StorageReachability) this.provider)::checkReachable);
	}

	@Test
	void deleteAllRemovesKeysInBatches() throws IOException {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			keys.add("batch/" + i);
			put("batch/" + i, "x" + i);
		}
		put("batch-keep", "keep");
		keys.add("batch/never-existed");
		((S3StorageProvider) this.provider).deleteAll(keys);
		assertThat(list("batch").stream().map(KeyAndSize::key)).containsExactly("batch-keep");
	}

	@Test
	void theAwsDefaultChecksumsWorkWithAServerThatSupportsThem() throws Exception {
		// checksums=when_supported (the default, as for Amazon S3): CRC32 on every
		// PutObject and part, responses validated where S3 sends a whole-object checksum;
		// S3Proxy 4 takes them (S3Proxy 2 needed when_required)
		StorageProvider checksummed = create(
				"s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + this.server.endpoint(), credentials());
		try {
			GeneratedStream multipart = new GeneratedStream(2 * S3StorageProperties.MIN_PART_SIZE + 777, 21, -1);
			checksummed.put("checksummed/multipart.bin", multipart);
			String written = multipart.sha256();
			checksummed.put("checksummed/small.bin", new ByteArrayInputStream("small and checksummed".getBytes()));
			assertThat(sha256Of("checksummed/multipart.bin")).isEqualTo(written);
			try (InputStream in = checksummed.get("checksummed/small.bin")) {
				assertThat(new String(in.readAllBytes())).isEqualTo("small and checksummed");
			}
			try (InputStream in = checksummed.get("checksummed/multipart.bin")) {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				digest.update(in.readAllBytes());
				assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(written);
			}
		}
		finally {
			((AutoCloseable) checksummed).close();
		}
		assertNoLeftovers();
	}

	@Test
	void largeObjectDownloadsAsParallelRangesByteIdentical() throws Exception {
		long length = 12 * MIB + 12_345;
		GeneratedStream source = new GeneratedStream(length, 11, -1);
		this.provider.put("ranged/object.bin", source);
		StorageProvider ranged = createRanged();
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			long total = 0;
			try (InputStream in = ranged.get("ranged/object.bin")) {
				assertThat(in).isInstanceOf(RangedObjectInputStream.class);
				// Single bytes and reads of odd sizes that straddle range boundaries
				byte[] buffer = new byte[300_007];
				int read;
				while (true) {
					int one = in.read();
					if (one == -1) {
						break;
					}
					digest.update((byte) one);
					total++;
					read = in.read(buffer);
					if (read == -1) {
						break;
					}
					digest.update(buffer, 0, read);
					total += read;
				}
				assertThat(in.read()).isEqualTo(-1);
				assertThat(((RangedObjectInputStream) in).rangesOpened()).isEqualTo(12);
			}
			assertThat(total).isEqualTo(length);
			assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(source.sha256());
			// An object up to one range stays one GET stream
			this.provider.put("ranged/small.bin", new GeneratedStream(MIB, 12, -1));
			try (InputStream in = ranged.get("ranged/small.bin")) {
				assertThat(in).isNotInstanceOf(RangedObjectInputStream.class);
				assertThat(in.readAllBytes()).hasSize((int) MIB);
			}
		}
		finally {
			((AutoCloseable) ranged).close();
		}
	}

	@Test
	void transfersAtOnceShareATightBudgetMovingFewerPartsAndStillComplete() throws Exception {
		// Room for two parts in all: three 12 MiB puts, then three downloads in 1 MiB
		// ranges, all at once, each keeping its first buffer and taking more only while
		// the budget has room
		int partSize = (int) S3StorageProperties.MIN_PART_SIZE;
		TransferBudget budget = TransferBudget.of(2L * partSize);
		StorageProvider tight = new S3StorageProviderFactory(PROPERTIES.withDownloadRanges(MIB, RANGES_IN_FLIGHT),
				budget)
			.create(location("s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + this.server.endpoint()
					+ "&checksums=when_required", credentials()));
		try {
			long most = concurrentRoundTrips(tight, budget, "tight", 3, 12 * MIB);
			// three first buffers beyond the budget at most, never the 3 × 5 parts the
			// settings allow
			assertThat(most).isPositive().isLessThanOrEqualTo(2L * partSize + 3L * partSize);
		}
		finally {
			((AutoCloseable) tight).close();
		}
	}

	@Test
	void aFailedPutHandsItsPartBuffersBackToThePoolForTheNextPut() throws Exception {
		int partSize = (int) S3StorageProperties.MIN_PART_SIZE;
		TransferBudget budget = TransferBudget.of(100L * partSize);
		StorageProvider pooled = new S3StorageProviderFactory(PROPERTIES, budget).create(location("s3://" + BUCKET + "/"
				+ this.prefix + "?endpoint=" + this.server.endpoint() + "&checksums=when_required", credentials()));
		try {
			// The source fails after 6 parts: the put fails, aborted, with every buffer
			// back in the pool
			assertThatExceptionOfType(IOException.class).isThrownBy(
					() -> pooled.put("pool/failed.bin", new GeneratedStream(20L * partSize, 21, 6L * partSize)));
			assertNoLeftovers();
			assertThat(budget.taken()).as("buffers still out").isZero();
			long kept = budget.idle();
			assertThat(kept).as("the first part's and the others' buffers, kept").isGreaterThan(partSize);
			// The next put reuses them: the pool never holds more than one put's
			// (max-parts-in-flight + 1) buffers
			pooled.put("pool/next.bin", new GeneratedStream(12L * partSize + 5, 22, -1));
			assertThat(budget.taken()).isZero();
			assertThat(budget.idle()).isBetween(kept, 5L * partSize);
			try (InputStream in = pooled.get("pool/next.bin")) {
				assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(12L * partSize + 5);
			}
		}
		finally {
			((AutoCloseable) pooled).close();
		}
	}

	@Test
	void aFileUpToTheSinglePutSizeGoesInOneRequestWithoutPartBuffersAndALargerOneInParts() throws Exception {
		int partSize = (int) S3StorageProperties.MIN_PART_SIZE;
		long size = 3L * partSize + 11;
		// a real file, as node snapshots are: its streams are channels, which fail reads
		// once the SDK has closed them
		Path file = Files.createTempFile("single-put", ".bin");
		try (InputStream in = new GeneratedStream(size, 31, -1)) {
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
		}
		for (long singlePutSize : new long[] { 4L * partSize, 0 }) {
			TransferBudget budget = TransferBudget.of(100L * partSize);
			StorageProvider provider = new S3StorageProviderFactory(PROPERTIES.withSinglePutSize(singlePutSize), budget)
				.create(location("s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + this.server.endpoint()
						+ "&checksums=when_required", credentials()));
			try {
				String key = "single/" + singlePutSize + ".bin";
				assertThat(provider.put(key, size, () -> Files.newInputStream(file))).isEqualTo(size);
				GeneratedStream reference = new GeneratedStream(size, 31, -1);
				reference.transferTo(OutputStream.nullOutputStream());
				assertThat(sha256Of(key)).isEqualTo(reference.sha256());
				if (singlePutSize > 0) {
					assertThat(budget.idle()).as("part buffers taken by a single put").isZero();
				}
				else {
					assertThat(budget.idle()).as("part buffers of a multipart upload, kept").isPositive();
				}
				assertNoLeftovers();
			}
			finally {
				((AutoCloseable) provider).close();
			}
		}
		// a file longer than announced (it grew) fails its put and leaves nothing
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.provider.put("single/grew.bin", size - 1, () -> Files.newInputStream(file)))
			.withMessageContaining("changed while it was stored");
		assertThat(this.provider.exists("single/grew.bin")).isFalse();
		Files.delete(file);
	}

	@Test
	void aFileAboveTheSinglePutSizeGoesInPartsReadFromTheFileWithoutPartBuffers() throws Exception {
		int partSize = (int) S3StorageProperties.MIN_PART_SIZE;
		long size = 3L * partSize + 11;
		Path file = Files.createTempFile("file-parts", ".bin");
		try (InputStream in = new GeneratedStream(size, 37, -1)) {
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
		}
		TransferBudget budget = TransferBudget.of(100L * partSize);
		StorageProvider provider = new S3StorageProviderFactory(PROPERTIES.withSinglePutSize(partSize), budget)
			.create(location("s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + this.server.endpoint()
					+ "&checksums=when_required", credentials()));
		try {
			assertThat(provider.putFile("parts/file.bin", file, size)).isEqualTo(size);
			GeneratedStream reference = new GeneratedStream(size, 37, -1);
			reference.transferTo(OutputStream.nullOutputStream());
			assertThat(sha256Of("parts/file.bin")).isEqualTo(reference.sha256());
			assertThat(budget.taken()).as("no part buffer held").isZero();
			assertThat(budget.idle()).as("no part buffer taken").isZero();
			assertThatExceptionOfType(StorageKeyExistsException.class)
				.isThrownBy(() -> provider.putFile("parts/file.bin", file, size));
			// a file of another size than announced fails and leaves nothing, no upload
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> provider.putFile("parts/shorter.bin", file, size + 1))
				.withMessageContaining("changed while it was stored");
			assertThat(provider.exists("parts/shorter.bin")).isFalse();
			assertNoLeftovers();
		}
		finally {
			((AutoCloseable) provider).close();
			Files.delete(file);
		}
	}

	@Test
	void closingARangedDownloadEarlyAbortsTheRest() throws Exception {
		this.provider.put("ranged/early.bin", new GeneratedStream(20 * MIB, 13, -1));
		StorageProvider ranged = createRanged();
		try {
			RangedObjectInputStream in = (RangedObjectInputStream) ranged.get("ranged/early.bin");
			assertThat(in.readNBytes(100)).hasSize(100);
			in.close();
			Instant deadline = Instant.now().plusSeconds(10);
			while (in.fetchesRunning() > 0 && Instant.now().isBefore(deadline)) {
				Thread.sleep(20);
			}
			assertThat(in.fetchesRunning()).as("fetches still running").isZero();
			// The first range came from the whole-object GET; at most the ranges in
			// flight were requested
			assertThat(in.rangesOpened()).isLessThanOrEqualTo(RANGES_IN_FLIGHT);
			assertThatExceptionOfType(IOException.class).isThrownBy(in::read);
			// The aborted connections left the pool usable
			GeneratedStream again = new GeneratedStream(3 * MIB, 14, -1);
			ranged.put("ranged/after.bin", again);
			try (InputStream after = ranged.get("ranged/after.bin")) {
				assertThat(after.readAllBytes()).hasSize(3 * (int) MIB);
			}
		}
		finally {
			((AutoCloseable) ranged).close();
		}
	}

	@Test
	void aRangeFailingMidWayFailsTheReadNamingLocationAndKey() throws Exception {
		this.provider.put("ranged/vanishing.bin", new GeneratedStream(20 * MIB, 15, -1));
		StorageProvider ranged = createRanged();
		try (InputStream in = ranged.get("ranged/vanishing.bin")) {
			assertThat(in.read()).isNotEqualTo(-1);
			// Later ranges are requested only as the reader moves on: they find the
			// object gone
			this.provider.delete("ranged/vanishing.bin");
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
				.withMessageContaining("s3://contract/" + this.prefix)
				.withMessageContaining("ranged/vanishing.bin")
				.withMessageContaining("bytes=")
				.withMessageNotContaining(S3ProxyServer.SECRET_KEY);
			// The failure sticks: the stream never resumes with bytes missing
			assertThatExceptionOfType(IOException.class).isThrownBy(in::read);
		}
		finally {
			((AutoCloseable) ranged).close();
		}
	}

	@Test
	void autoOverwriteCheckProbesTheServerAndTrustsOneThatEnforcesTheHeader() throws Exception {
		// The default location (auto, with an endpoint): S3Proxy 4 enforces
		// If-None-Match: *
		S3StorageProvider provider = (S3StorageProvider) this.provider;
		assertThat(provider.overwriteCheck()).isEqualTo("conditional");
		put("trusted", "first");
		assertThatExceptionOfType(StorageKeyExistsException.class)
			.isThrownBy(() -> provider.put("trusted", new ByteArrayInputStream("second".getBytes())));
		assertThat(new String(read("trusted"))).isEqualTo("first");
		assertThat(objectKeysUnder(this.server, this.prefix)).as("the probe object is deleted")
			.containsExactly(this.prefix + "trusted");
	}

	@Test
	void autoOverwriteCheckFallsBackToAHeadWhereTheServerIgnoresTheHeader() throws Exception {
		try (S3ProxyServer legacy = S3ProxyServer.startLegacy()) {
			legacy.createBucket(BUCKET);
			String uri = "s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + legacy.endpoint()
					+ "&checksums=when_required";
			S3StorageProvider probing = (S3StorageProvider) create(uri, credentials());
			S3StorageProvider conditional = (S3StorageProvider) create(uri + "&overwrite_check=conditional",
					credentials());
			try {
				assertThat(probing.overwriteCheck()).isEqualTo("head");
				probing.put("guarded", new ByteArrayInputStream("first".getBytes()));
				assertThatExceptionOfType(StorageKeyExistsException.class)
					.isThrownBy(() -> probing.put("guarded", new ByteArrayInputStream("second".getBytes())));
				assertThat(new String(probing.get("guarded").readAllBytes())).isEqualTo("first");
				assertThat(objectKeysUnder(legacy, this.prefix)).as("the probe object is deleted")
					.containsExactly(this.prefix + "guarded");

				// What overwrite_check=conditional would do on such a server, and why
				// auto probes first: nothing stops the write
				assertThatNoException()
					.isThrownBy(() -> conditional.put("guarded", new ByteArrayInputStream("second".getBytes())));
				assertThat(new String(probing.get("guarded").readAllBytes())).isEqualTo("second");
				// A multipart put still checks first, so it never uploads a whole object
				// in vain
				assertThatExceptionOfType(StorageKeyExistsException.class).isThrownBy(() -> conditional.put("guarded",
						new GeneratedStream(S3StorageProperties.MIN_PART_SIZE + 1, 16, -1)));
			}
			finally {
				probing.close();
				conditional.close();
			}
		}
	}

	@Test
	void aFailedProbeFallsBackToAHead() throws Exception {
		// The probe cannot write (wrong secret): puts check with a HEAD, which fails
		// naming the location
		S3StorageProvider denied = (S3StorageProvider) create(
				"s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + this.server.endpoint()
						+ "&checksums=when_required",
				Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", "wrong-secret-5678"));
		try {
			assertThat(denied.overwriteCheck()).isEqualTo("head");
		}
		finally {
			denied.close();
		}
	}

	@Test
	void overwriteCheckIsConditionalOnAmazonS3AndProbedWithAnEndpoint() {
		assertThat(S3Location.parse(location("s3://bucket/p", Map.of())).overwriteCheck())
			.isEqualTo(S3Location.OverwriteCheck.CONDITIONAL);
		assertThat(
				S3Location.parse(location("s3://bucket/p?endpoint=http://127.0.0.1:9000", Map.of())).overwriteCheck())
			.isEqualTo(S3Location.OverwriteCheck.PROBE);
		assertThat(S3Location.parse(location("s3://bucket/p?overwrite_check=head", Map.of())).overwriteCheck())
			.isEqualTo(S3Location.OverwriteCheck.HEAD);
		assertThat(S3Location
			.parse(location("s3://bucket/p?endpoint=http://127.0.0.1:9000&overwrite_check=conditional", Map.of()))
			.overwriteCheck()).isEqualTo(S3Location.OverwriteCheck.CONDITIONAL);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> S3Location.parse(location("s3://bucket/p?overwrite_check=never", Map.of())))
			.withMessageContaining("overwrite_check");
	}

	@Test
	void objectsLiveUnderTheLocationPrefix() throws IOException {
		put("under/prefix", "x");
		try (S3Client s3 = adminClient()) {
			assertThat(s3.headObject((request) -> request.bucket(BUCKET).key(this.prefix + "under/prefix"))
				.contentLength()).isOne();
		}
	}

	@Test
	void factoryRejectsBadLocationsNamingTheParameter() {
		S3StorageProviderFactory factory = new S3StorageProviderFactory(PROPERTIES);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("s3://bucket/p?regoin=x", Map.of())))
			.withMessageContaining("regoin");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("s3://bucket/p?access_key=abc", Map.of())))
			.withMessageContaining("secret_key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("s3://bucket/p", Map.of("AZURE_STORAGE_KEY", "s3cr3t"))))
			.withMessageContaining("AZURE_STORAGE_KEY")
			.withMessageNotContaining("s3cr3t");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("s3://bucket/p?storage_class=COLD", Map.of())))
			.withMessageContaining("storage_class");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("s3://bucket/p?sse=AES256&sse_kms_key_id=k", Map.of())))
			.withMessageContaining("sse_kms_key_id");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create(location("s3://bucket/a/../b", Map.of())))
			.withMessageContaining("prefix");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("s3://bucket/p?endpoint=ftp://x", Map.of())))
			.withMessageContaining("endpoint");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create(location("s3://Bad_Bucket!/p", Map.of())))
			.withMessageContaining("bucket");
	}

	@Test
	void locationDefaultsAndOverrides() {
		S3Location plain = S3Location.parse(location("s3://bucket/some/prefix", Map.of()));
		assertThat(plain.region()).isEqualTo("us-east-1");
		assertThat(plain.prefix()).isEqualTo("some/prefix/");
		assertThat(plain.pathStyle()).isFalse();
		assertThat(plain.accessKey()).isNull();
		S3Location custom = S3Location.parse(location(
				"s3://bucket?region=eu-west-1&endpoint=http://127.0.0.1:9000&sse_kms_key_id=alias/backups&storage_class=standard_ia&access_key=AK&secret_key=a%2Bb/c+d",
				Map.of("AWS_REGION", "us-west-2", "S3_BUCKET_NAME", "other-bucket")));
		assertThat(custom.bucket()).isEqualTo("other-bucket");
		assertThat(custom.prefix()).isEmpty();
		assertThat(custom.region()).isEqualTo("us-west-2");
		assertThat(custom.pathStyle()).isTrue();
		assertThat(custom.sse()).hasToString("aws:kms");
		assertThat(custom.storageClass()).hasToString("STANDARD_IA");
		assertThat(custom.secretKey()).isEqualTo("a+b/c+d");
		assertThat(custom.toString()).doesNotContain("a+b/c+d").doesNotContain("AK");
		S3Location relaxed = S3Location.parse(location("s3://bucket",
				Map.of("awsaccesskeyid", "AK2", "aws-secret-access-key", "SK2", "AWS_SESSION_TOKEN", "")));
		assertThat(relaxed.accessKey()).isEqualTo("AK2");
		assertThat(relaxed.secretKey()).isEqualTo("SK2");
		assertThat(relaxed.sessionToken()).isNull();
	}

	private StorageProvider create(String uri, Map<String, String> credentials) {
		return new S3StorageProviderFactory(PROPERTIES).create(location(uri, credentials));
	}

	/** Same objects, read in 1 MiB ranges. */
	private StorageProvider createRanged() {
		return new S3StorageProviderFactory(PROPERTIES.withDownloadRanges(MIB, RANGES_IN_FLIGHT))
			.create(location("s3://" + BUCKET + "/" + this.prefix + "?endpoint=" + this.server.endpoint()
					+ "&checksums=when_required", credentials()));
	}

	private static StorageLocation location(String uri, Map<String, String> credentials) {
		return new StorageLocation("test", URI.create(uri), credentials);
	}

	private static Map<String, String> credentials() {
		return Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
	}

	private S3Client adminClient() {
		return adminClient(this.server);
	}

	private static S3Client adminClient(S3ProxyServer server) {
		return S3StorageProviderFactory.client(S3Location.parse(location(
				"s3://" + BUCKET + "?endpoint=" + server.endpoint() + "&checksums=when_required", credentials())),
				PROPERTIES);
	}

	/**
	 * Every object key under a prefix of the bucket, as the server lists them (probe
	 * objects included).
	 */
	private static List<String> objectKeysUnder(S3ProxyServer server, String prefix) {
		try (S3Client s3 = adminClient(server)) {
			return s3.listObjectsV2Paginator((request) -> request.bucket(BUCKET).prefix(prefix))
				.contents()
				.stream()
				.map(S3Object::key)
				.toList();
		}
	}

	private void createBucket(String bucket) {
		try (S3Client s3 = adminClient()) {
			if (s3.listBuckets().buckets().stream().noneMatch((b) -> b.name().equals(bucket))) {
				s3.createBucket((request) -> request.bucket(bucket));
			}
		}
		catch (BucketAlreadyOwnedByYouException ex) {
			// created by an earlier test
		}
	}

}
