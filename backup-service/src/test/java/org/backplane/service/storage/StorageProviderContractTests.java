package org.backplane.service.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The behaviour every {@link StorageProvider} must have, run against each adapter (file,
 * S3, Azure) and the in-memory fake. A subclass supplies a fresh, empty provider per test
 * (a new directory, or a new prefix in a bucket or container), and may check for
 * leftovers its store can show (temporary files, multipart uploads).
 */
public abstract class StorageProviderContractTests {

	/**
	 * 100 MB, streamed from a generator and compared by SHA-256; never held in memory.
	 */
	private static final long LARGE = 100_000_000L;

	/** Past the first part or block of every adapter, so a failure happens mid-upload. */
	private static final long FAIL_AFTER = 12L * 1024 * 1024;

	protected StorageProvider provider;

	/**
	 * Creates a provider over a fresh, empty place in the store.
	 * @return the provider
	 * @throws Exception if the store cannot be set up
	 */
	protected abstract StorageProvider createProvider() throws Exception;

	/**
	 * Asserts that nothing a failed or finished put leaves behind is visible in the store
	 * beyond its objects: temporary files, open multipart uploads, uncommitted blocks.
	 * Adapters override this where they can see such things.
	 * @throws Exception if the store cannot be inspected
	 */
	protected void assertNoLeftovers() throws Exception {
	}

	/**
	 * Whether two concurrent puts of one key are guaranteed to leave exactly one winner.
	 * Only a test server that ignores conditional writes (S3Proxy ignores
	 * {@code If-None-Match: *}) may answer {@code false}; sequential overwrite refusal is
	 * still checked everywhere.
	 * @return {@code true} unless the store behind the provider cannot do it
	 */
	protected boolean refusesConcurrentOverwrite() {
		return true;
	}

	/**
	 * Secret values the provider was configured with, which must not appear in
	 * {@link StorageProvider#describe()}.
	 * @return the secrets
	 */
	protected Set<String> secrets() {
		return Set.of();
	}

	@BeforeEach
	void createStorageProvider() throws Exception {
		this.provider = createProvider();
	}

	@AfterEach
	void deleteEverything() throws Exception {
		if (this.provider != null) {
			List<String> keys;
			try (Stream<StorageObject> objects = this.provider.list("")) {
				keys = objects.map(StorageObject::key).toList();
			}
			if (this.provider instanceof StorageBatchDeletion batch) {
				batch.deleteAll(keys);
			}
			else {
				for (String key : keys) {
					this.provider.delete(key);
				}
			}
			if (this.provider instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	@Test
	void emptyObjectRoundTrips() throws Exception {
		assertThat(this.provider.put("empty/object", new ByteArrayInputStream(new byte[0]))).isZero();
		assertThat(this.provider.exists("empty/object")).isTrue();
		assertThat(read("empty/object")).isEmpty();
		assertThat(list("empty/")).containsExactly(new KeyAndSize("empty/object", 0));
		this.provider.delete("empty/object");
		assertThat(this.provider.exists("empty/object")).isFalse();
		assertThat(list("")).isEmpty();
	}

	@Test
	void oneByteObjectRoundTrips() throws Exception {
		assertThat(this.provider.put("one/byte", new ByteArrayInputStream(new byte[] { 42 }))).isOne();
		assertThat(read("one/byte")).containsExactly(42);
		assertThat(list("one")).containsExactly(new KeyAndSize("one/byte", 1));
		this.provider.delete("one/byte");
		assertThat(list("")).isEmpty();
		assertThatExceptionOfType(StorageKeyNotFoundException.class).isThrownBy(() -> this.provider.get("one/byte"));
	}

	@Test
	void largeObjectStreamsThroughUnchanged() throws Exception {
		GeneratedStream source = new GeneratedStream(LARGE, 7, -1);
		assertThat(this.provider.put("large/object.bin", source)).isEqualTo(LARGE);
		assertThat(list("large/")).containsExactly(new KeyAndSize("large/object.bin", LARGE));
		assertThat(sha256Of("large/object.bin")).isEqualTo(source.sha256());
		assertNoLeftovers();
	}

	// Content of a known size that can be read again (node snapshot files): stored whole
	// whatever the provider does with it (one request, or the stream path), read again
	// from its start for each attempt
	@Test
	void reopenableContentOfAKnownSizeRoundTrips() throws Exception {
		AtomicLong opened = new AtomicLong();
		GeneratedStream reference = new GeneratedStream(LARGE, 8, -1);
		reference.transferTo(OutputStream.nullOutputStream());
		assertThat(this.provider.put("sized/object.bin", LARGE, () -> {
			opened.incrementAndGet();
			return new GeneratedStream(LARGE, 8, -1);
		})).isEqualTo(LARGE);
		assertThat(opened.get()).isPositive();
		assertThat(list("sized/")).containsExactly(new KeyAndSize("sized/object.bin", LARGE));
		assertThat(sha256Of("sized/object.bin")).isEqualTo(reference.sha256());
		assertNoLeftovers();
	}

	@Test
	void reopenableContentLongerOrShorterThanItsSizeFailsAndLeavesNothing() throws Exception {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.provider.put("sized/grew.bin", LARGE - 10, () -> new GeneratedStream(LARGE, 9, -1)));
		assertThatExceptionOfType(IOException.class).isThrownBy(
				() -> this.provider.put("sized/shrank.bin", LARGE + 10, () -> new GeneratedStream(LARGE, 9, -1)));
		// nothing under either key (S3Proxy's filesystem back end keeps a broken upload's
		// temporary file under a key of its own, so the prefix may not be empty there)
		assertThat(this.provider.exists("sized/grew.bin")).isFalse();
		assertThat(this.provider.exists("sized/shrank.bin")).isFalse();
		assertThat(list("sized/")).extracting(KeyAndSize::key).doesNotContain("sized/grew.bin", "sized/shrank.bin");
		assertNoLeftovers();
	}

	@Test
	void thousandKeysAreListedInOrderAcrossPages() throws Exception {
		List<String> keys = IntStream.range(0, 1000)
			.mapToObj((i) -> "many/" + (i % 7) + "/key-" + Integer.toString(i * 7919 % 1000, 36))
			.toList();
		runConcurrently(8,
				keys.stream()
					.map((key) -> (Callable<Long>) () -> this.provider.put(key,
							new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8))))
					.toList());
		List<String> listed;
		try (Stream<StorageObject> objects = this.provider.list("many/")) {
			listed = objects.map(StorageObject::key).toList();
		}
		assertThat(listed).hasSize(1000).isEqualTo(keys.stream().sorted(StorageKeyOrder.COMPARATOR).toList());
		try (Stream<StorageObject> objects = this.provider.list("many/3/")) {
			assertThat(objects.map(StorageObject::key))
				.hasSize((int) keys.stream().filter((k) -> k.startsWith("many/3/")).count())
				.allMatch((key) -> key.startsWith("many/3/"));
		}
		try (Stream<StorageObject> objects = this.provider.list("many/")) {
			assertThat(objects.limit(3).map(StorageObject::key)).containsExactlyElementsOf(listed.subList(0, 3));
		}
		assertThat(read(keys.get(500))).isEqualTo(keys.get(500).getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void listTakesAPlainStringPrefixInKeyOrder() throws Exception {
		for (String key : List.of("order/a0", "order/a/b", "order/a-b", "order/ab", "order/b", "orders/x")) {
			put(key, key);
		}
		assertThat(list("order/").stream().map(KeyAndSize::key)).containsExactly("order/a-b", "order/a/b", "order/a0",
				"order/ab", "order/b");
		assertThat(list("order/a").stream().map(KeyAndSize::key)).containsExactly("order/a-b", "order/a/b", "order/a0",
				"order/ab");
		assertThat(list("order").stream().map(KeyAndSize::key)).containsExactly("order/a-b", "order/a/b", "order/a0",
				"order/ab", "order/b", "orders/x");
		assertThat(list("order/c")).isEmpty();
		assertThat(list("nothing/here/")).isEmpty();
	}

	@Test
	void unicodeAndPunctuationKeysRoundTrip() throws Exception {
		List<String> keys = List.of("unicode/über/grüße.txt", "unicode/日本語/ファイル", "unicode/emoji/😀 smile",
				"unicode/punct/a+b=c&d", "unicode/punct/100% sure?", "unicode/punct/hash#tag",
				"unicode/punct/spaces  and ~tilde", "unicode/кириллица");
		for (String key : keys) {
			put(key, "content of " + key);
		}
		for (String key : keys) {
			assertThat(this.provider.exists(key)).as(key).isTrue();
			assertThat(new String(read(key), StandardCharsets.UTF_8)).isEqualTo("content of " + key);
		}
		assertThat(list("unicode/").stream().map(KeyAndSize::key))
			.containsExactlyElementsOf(keys.stream().sorted(StorageKeyOrder.COMPARATOR).toList());
		assertThat(list("unicode/日本語/").stream().map(KeyAndSize::key)).containsExactly("unicode/日本語/ファイル");
		this.provider.delete("unicode/emoji/😀 smile");
		assertThat(this.provider.exists("unicode/emoji/😀 smile")).isFalse();
	}

	@Test
	void concurrentPutsOfDifferentKeysAllLand() throws Exception {
		List<Callable<Long>> puts = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			String key = "concurrent/" + i;
			int seed = i;
			puts.add(() -> this.provider.put(key, new GeneratedStream(256 * 1024 + seed, seed, -1)));
		}
		runConcurrently(8, puts);
		assertThat(list("concurrent/")).hasSize(16);
		for (int i = 0; i < 16; i++) {
			assertThat(sha256Of("concurrent/" + i)).isEqualTo(new GeneratedStream(256 * 1024 + i, i, -1).drainSha256());
		}
	}

	@Test
	void concurrentPutsOfOneKeyLeaveExactlyOneWinner() throws Exception {
		int writers = 6;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(writers);
		try {
			List<Future<Long>> results = new ArrayList<>();
			for (int i = 0; i < writers; i++) {
				int seed = i;
				results.add(executor.submit(() -> {
					start.await();
					return this.provider.put("race/key", new GeneratedStream(1024 * 1024, seed, -1));
				}));
			}
			start.countDown();
			int won = 0;
			int refused = 0;
			for (Future<Long> result : results) {
				try {
					result.get(2, TimeUnit.MINUTES);
					won++;
				}
				catch (ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(StorageKeyExistsException.class);
					refused++;
				}
			}
			if (refusesConcurrentOverwrite()) {
				assertThat(won).isOne();
				assertThat(refused).isEqualTo(writers - 1);
			}
			else {
				assertThat(won).isPositive();
			}
			String stored = sha256Of("race/key");
			assertThat(
					IntStream.range(0, writers).mapToObj((i) -> new GeneratedStream(1024 * 1024, i, -1).drainSha256()))
				.contains(stored);
			assertThat(list("race/")).containsExactly(new KeyAndSize("race/key", 1024 * 1024));
		}
		finally {
			executor.shutdownNow();
		}
		assertNoLeftovers();
	}

	@Test
	void putRefusesToOverwriteAndKeepsTheOriginal() throws Exception {
		put("keep/me", "original");
		assertThatExceptionOfType(StorageKeyExistsException.class)
			.isThrownBy(() -> this.provider.put("keep/me",
					new ByteArrayInputStream("replacement".getBytes(StandardCharsets.UTF_8))))
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("keep/me"));
		assertThat(new String(read("keep/me"), StandardCharsets.UTF_8)).isEqualTo("original");
		assertThat(list("keep/")).containsExactly(new KeyAndSize("keep/me", 8));
	}

	@Test
	void missingKeysAreReportedAsMissing() throws Exception {
		assertThatExceptionOfType(StorageKeyNotFoundException.class).isThrownBy(() -> this.provider.get("missing/key"))
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("missing/key"));
		assertThat(this.provider.exists("missing/key")).isFalse();
		assertThatNoException().isThrownBy(() -> this.provider.delete("missing/key"));
		assertThat(list("missing/")).isEmpty();
		put("missing/sibling/object", "x");
		assertThat(this.provider.exists("missing/sibling")).isFalse();
		assertThatExceptionOfType(StorageKeyNotFoundException.class)
			.isThrownBy(() -> this.provider.get("missing/sibling"));
	}

	@Test
	void failingInputStreamLeavesNothingBehind() throws Exception {
		GeneratedStream failing = new GeneratedStream(FAIL_AFTER * 2, 3, FAIL_AFTER);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.provider.put("broken/object", failing))
			.satisfies((ex) -> assertThat(ex).isNotInstanceOf(StorageKeyExistsException.class));
		assertThat(failing.position()).isGreaterThanOrEqualTo(FAIL_AFTER);
		assertThat(this.provider.exists("broken/object")).isFalse();
		assertThat(list("")).isEmpty();
		assertNoLeftovers();
		put("broken/object", "second try");
		assertThat(new String(read("broken/object"), StandardCharsets.UTF_8)).isEqualTo("second try");
	}

	@Test
	void deleteRemovesOnlyTheObjectAndIsIdempotent() throws Exception {
		put("del/a/one", "1");
		put("del/a/two", "2");
		this.provider.delete("del/a/one");
		this.provider.delete("del/a/one");
		assertThat(this.provider.exists("del/a/one")).isFalse();
		assertThat(list("del/").stream().map(KeyAndSize::key)).containsExactly("del/a/two");
		this.provider.delete("del/a/two");
		assertThat(list("")).isEmpty();
		put("del/a/one", "again");
		assertThat(new String(read("del/a/one"), StandardCharsets.UTF_8)).isEqualTo("again");
	}

	@Test
	void invalidKeysAreRejected() {
		for (String key : List.of("", "/abs", "a/../b", "a//b", "trailing/", "./a", "back\\slash", "ctrl\u0001")) {
			assertThatIllegalArgumentException().as(key)
				.isThrownBy(() -> this.provider.put(key, new ByteArrayInputStream(new byte[] { 1 })));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.list("/abs"));
	}

	@Test
	void describeShowsNoSecrets() {
		String description = this.provider.describe();
		assertThat(description).isNotBlank();
		for (String secret : secrets()) {
			assertThat(description).doesNotContain(secret);
		}
	}

	protected final void put(String key, String content) throws IOException {
		this.provider.put(key, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
	}

	protected final byte[] read(String key) throws IOException {
		try (InputStream in = this.provider.get(key)) {
			return in.readAllBytes();
		}
	}

	protected final List<KeyAndSize> list(String prefix) throws IOException {
		try (Stream<StorageObject> objects = this.provider.list(prefix)) {
			return objects.map((o) -> new KeyAndSize(o.key(), o.size())).collect(Collectors.toList());
		}
	}

	protected final String sha256Of(String key) throws IOException {
		MessageDigest digest = newSha256();
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = this.provider.get(key)) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static <T> List<T> runConcurrently(int threads, List<Callable<T>> tasks) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<T> results = new ArrayList<>();
			for (Future<T> future : executor.invokeAll(tasks)) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Puts {@code count} generated objects of about {@code size} bytes at once under
	 * {@code prefix}, then reads them back at once, checking each one's SHA-256, while
	 * sampling what {@code budget} holds.
	 * @param provider a provider whose factory was given {@code budget}
	 * @param budget the shared transfer budget
	 * @param prefix where the objects go
	 * @param count how many transfers run at once
	 * @param size the size of the first object; the others are a byte larger each
	 * @return the most the budget held while the transfers ran; it holds nothing once
	 * they are done
	 * @throws Exception if a transfer failed or the bytes differ
	 */
	protected static long concurrentRoundTrips(StorageProvider provider, TransferBudget budget, String prefix,
			int count, long size) throws Exception {
		AtomicLong most = new AtomicLong();
		AtomicBoolean sampling = new AtomicBoolean(true);
		Thread sampler = new Thread(() -> {
			while (sampling.get()) {
				most.accumulateAndGet(budget.taken(), Math::max);
				LockSupport.parkNanos(100_000);
			}
		});
		sampler.start();
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			List<GeneratedStream> sources = new ArrayList<>();
			List<Future<?>> puts = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				GeneratedStream source = new GeneratedStream(size + i, 20 + i, -1);
				sources.add(source);
				String key = prefix + "/" + i + ".bin";
				puts.add(executor.submit(() -> provider.put(key, source)));
			}
			for (Future<?> put : puts) {
				put.get(2, TimeUnit.MINUTES);
			}
			List<Future<String>> gets = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String key = prefix + "/" + i + ".bin";
				gets.add(executor.submit(() -> {
					MessageDigest digest = MessageDigest.getInstance("SHA-256");
					try (InputStream in = provider.get(key)) {
						byte[] buffer = new byte[64 * 1024];
						int read;
						while ((read = in.read(buffer)) != -1) {
							digest.update(buffer, 0, read);
						}
					}
					return HexFormat.of().formatHex(digest.digest());
				}));
			}
			for (int i = 0; i < count; i++) {
				// what each put read, hashed as it went
				assertThat(gets.get(i).get(2, TimeUnit.MINUTES)).isEqualTo(sources.get(i).sha256());
			}
		}
		finally {
			sampling.set(false);
			sampler.join();
			executor.shutdownNow();
		}
		assertThat(budget.taken()).as("every transfer handed its buffers back").isZero();
		return most.get();
	}

	/**
	 * A key and size as listed, compared by value.
	 *
	 * @param key the key
	 * @param size the size
	 */
	protected record KeyAndSize(String key, long size) {

	}

	/**
	 * Deterministic pseudo-random bytes generated on the fly (xorshift), digested as they
	 * are read; optionally fails with an {@link IOException} once {@code failAt} bytes
	 * were read.
	 */
	protected static final class GeneratedStream extends InputStream {

		private final long length;

		private final long failAt;

		private final MessageDigest digest = newSha256();

		private long position;

		private long state;

		public GeneratedStream(long length, long seed, long failAt) {
			this.length = length;
			this.failAt = failAt;
			this.state = seed * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int read = read(one, 0, 1);
			return (read == -1) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.failAt >= 0 && this.position >= this.failAt) {
				throw new IOException("Source failed on purpose after " + this.position + " bytes");
			}
			if (this.position >= this.length) {
				return -1;
			}
			int n = (int) Math.min(len, this.length - this.position);
			if (this.failAt >= 0) {
				n = (int) Math.min(n, this.failAt - this.position);
			}
			for (int i = 0; i < n; i++) {
				if ((this.position + i) % 8 == 0) {
					this.state ^= this.state << 13;
					this.state ^= this.state >>> 7;
					this.state ^= this.state << 17;
				}
				b[off + i] = (byte) (this.state >>> (((this.position + i) % 8) * 8));
			}
			this.digest.update(b, off, n);
			this.position += n;
			return n;
		}

		public long position() {
			return this.position;
		}

		public String sha256() {
			return HexFormat.of().formatHex(this.digest.digest());
		}

		public String drainSha256() {
			try {
				byte[] buffer = new byte[64 * 1024];
				while (read(buffer, 0, buffer.length) != -1) {
					// digesting
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			return sha256();
		}

	}

}
