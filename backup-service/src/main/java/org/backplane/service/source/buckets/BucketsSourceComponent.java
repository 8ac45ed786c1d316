package org.backplane.service.source.buckets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.s3client.S3ClientSettings;
import org.backplane.service.s3client.S3Clients;
import org.backplane.service.source.ContentPool;
import org.backplane.service.source.MirroredSourceComponent;
import org.backplane.service.source.PooledSourceComponent;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.support.OwnerOnly;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The buckets of one S3-compatible service. A backup lists the buckets and their objects
 * (the totals), writes each bucket's settings to the index, then copies every object's
 * content into the pool, unless the previous backup's index holds it with the same ETag,
 * size and last-modified time (then its line is taken over, nothing read) or the pool
 * holds it already (then nothing is stored). Objects are handled {@code max-in-flight} at
 * a time.
 * <p>
 * Index format (gzip-compressed JSON Lines, {@code docs/storage-layout.md}): bucket lines
 * first, then one line per object, then a summary line.
 */
final class BucketsSourceComponent implements PooledSourceComponent, MirroredSourceComponent {

	static final String ACCESS_KEY_ID = "ACCESS_KEY_ID";

	static final String SECRET_ACCESS_KEY = "SECRET_ACCESS_KEY";

	/** Restores and backs up only these buckets (comma-separated names or globs). */
	static final String BUCKETS = "BUCKETS";

	/** A restore adds this prefix to every bucket's name. */
	static final String ADD_BUCKET_PREFIX = "ADD_BUCKET_PREFIX";

	/** A restore strips this prefix from every bucket's name that has it. */
	static final String STRIP_BUCKET_PREFIX = "STRIP_BUCKET_PREFIX";

	/**
	 * {@code true}: a restore puts the objects even where the target service does not
	 * implement a bucket setting or object tags the backup holds (they are left out and
	 * logged); otherwise it fails, before any object is written for bucket settings.
	 */
	static final String SKIP_UNSUPPORTED_SETTINGS = "SKIP_UNSUPPORTED_SETTINGS";

	static final Set<String> PARAMETERS = Set.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, BUCKETS, ADD_BUCKET_PREFIX,
			STRIP_BUCKET_PREFIX, MIRROR, SKIP_UNSUPPORTED_SETTINGS);

	private static final Log logger = LogFactory.getLog(BucketsSourceComponent.class);

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final String name;

	private final BucketsSourceProperties properties;

	private final String mirrorPrefix;

	private final BucketGlobs globs;

	private final Path spool;

	private final SpoolBudget spoolBudget;

	BucketsSourceComponent(String name, BucketsSourceProperties properties, String mirrorPrefix, Path spool) {
		this.name = name;
		this.properties = properties;
		this.mirrorPrefix = mirrorPrefix;
		this.globs = new BucketGlobs(properties.buckets(), properties.excludeBuckets());
		this.spool = spool;
		this.spoolBudget = new SpoolBudget(properties.spoolSize().toBytes());
	}

	Path spool() {
		return this.spool;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String type() {
		return BucketsSourceProperties.TYPE;
	}

	@Override
	public RestorePolicy defaultRestorePolicy() {
		return this.properties.restorePolicy();
	}

	@Override
	public String describe() {
		return "Buckets " + this.properties.buckets()
				+ (this.properties.excludeBuckets().isEmpty() ? "" : " except " + this.properties.excludeBuckets())
				+ " of "
				+ ((this.properties.endpoint() != null) ? this.properties.endpoint()
						: "Amazon S3 (" + this.properties.region() + ")")
				+ ((this.properties.mirrorLocation() != null)
						? ", mirrored to " + this.properties.mirrorLocation() + " as " + this.mirrorPrefix + "<bucket>"
						: "");
	}

	@Override
	public Set<String> requestParameters() {
		return PARAMETERS;
	}

	@Override
	public boolean mirrorConfigured() {
		return this.properties.mirrorLocation() != null;
	}

	@Override
	public MirrorResult mirror(Map<String, String> parameters, Progress progress) throws IOException {
		if (!mirrorConfigured()) {
			throw new IllegalStateException("Component " + this.name + " has no mirror-location");
		}
		checkParameters(parameters);
		return new BucketMirror(this).run(parameters, progress);
	}

	boolean selects(String bucket) {
		return this.globs.matches(bucket);
	}

	@Override
	public String mirrorPrefix() {
		return this.mirrorPrefix;
	}

	@Override
	public String mirrorLocation() {
		return (this.properties.mirrorLocation() != null) ? this.properties.mirrorLocation().toString() : null;
	}

	BucketsSourceProperties properties() {
		return this.properties;
	}

	S3Client client(Map<String, String> parameters) {
		Map<String, String> credentials = this.properties.credentials();
		if (parameters.containsKey(ACCESS_KEY_ID) || parameters.containsKey(SECRET_ACCESS_KEY)) {
			credentials = parameters;
		}
		return S3Clients.build(settings(this.properties.endpoint(), this.properties.region(), credentials));
	}

	S3ClientSettings settings(java.net.URI endpoint, String region, Map<String, String> credentials) {
		boolean pathStyle = (this.properties.pathStyle() != null) ? this.properties.pathStyle() : endpoint != null;
		boolean whenRequired = (this.properties.checksums() != null)
				? this.properties.checksums().equals("when-required") : endpoint != null;
		return new S3ClientSettings(region, endpoint, pathStyle, credentials.get(ACCESS_KEY_ID),
				credentials.get(SECRET_ACCESS_KEY), null, whenRequired, this.properties.connectTimeout(),
				this.properties.socketTimeout(), this.properties.maxInFlight() * 2 + 4, 5, Duration.ofMillis(200),
				Duration.ofSeconds(20));
	}

	// The buckets to back up: the configured globs, narrowed by a {@code BUCKETS}
	// parameter.
	List<String> selectedBuckets(S3Client client, Map<String, String> parameters) {
		BucketGlobs requested = parameters.containsKey(BUCKETS)
				? new BucketGlobs(BucketGlobs.split(parameters.get(BUCKETS)), List.of()) : null;
		return client.listBuckets()
			.buckets()
			.stream()
			.map((b) -> b.name())
			.filter(this.globs::matches)
			.filter((b) -> requested == null || requested.matches(b))
			.sorted()
			.toList();
	}

	@Override
	public Totals enumerate() throws IOException {
		try (S3Client client = client(Map.of())) {
			long items = 0;
			long bytes = 0;
			for (String bucket : selectedBuckets(client, Map.of())) {
				for (S3Object object : list(client, bucket)) {
					items++;
					bytes += object.size();
				}
			}
			return new Totals(items, bytes);
		}
		catch (S3Exception ex) {
			throw new IOException("Cannot list the buckets of component " + this.name + ": " + message(ex), ex);
		}
	}

	static List<S3Object> list(S3Client client, String bucket) {
		List<S3Object> objects = new ArrayList<>();
		client.listObjectsV2Paginator((r) -> r.bucket(bucket)).contents().forEach(objects::add);
		return objects;
	}

	static String message(S3Exception ex) {
		return (ex.awsErrorDetails() != null && ex.awsErrorDetails().errorMessage() != null)
				? ex.statusCode() + " " + ex.awsErrorDetails().errorCode() + ": " + ex.awsErrorDetails().errorMessage()
				: ex.getMessage();
	}

	@Override
	public void checkOptions(RestoreOptions options) throws RestoreRefusedException {
		if (options.targetPath() != null) {
			throw new RestoreRefusedException("Component " + this.name
					+ " restores into buckets, not a targetPath: map bucket names with the ADD_BUCKET_PREFIX or "
					+ "STRIP_BUCKET_PREFIX parameters instead");
		}
		try {
			checkParameters(options.parameters());
		}
		catch (IllegalArgumentException ex) {
			throw new RestoreRefusedException(ex.getMessage());
		}
	}

	private static void checkParameters(Map<String, String> parameters) {
		if (parameters.containsKey(ACCESS_KEY_ID) != parameters.containsKey(SECRET_ACCESS_KEY)) {
			throw new IllegalArgumentException("ACCESS_KEY_ID and SECRET_ACCESS_KEY go together: give both or neither");
		}
		String mirror = parameters.get(MIRROR);
		if (mirror != null && !mirror.equals("true") && !mirror.equals("false")) {
			throw new IllegalArgumentException(
					MIRROR + " '" + mirror + "' is not a choice: use true (mirror after the backup) or false");
		}
		String skip = parameters.get(SKIP_UNSUPPORTED_SETTINGS);
		if (skip != null && !skip.equals("true") && !skip.equals("false")) {
			throw new IllegalArgumentException(SKIP_UNSUPPORTED_SETTINGS + " '" + skip
					+ "' is not a choice: use true (restore the objects without the settings the target lacks) or "
					+ "false");
		}
		if (parameters.containsKey(BUCKETS)) {
			BucketGlobs.compile(BucketGlobs.split(parameters.get(BUCKETS)));
		}
		for (String key : List.of(ADD_BUCKET_PREFIX, STRIP_BUCKET_PREFIX)) {
			String value = parameters.get(key);
			if (value != null && !value.matches("[a-z0-9.\\-]*")) {
				throw new IllegalArgumentException(key + " '" + value
						+ "' cannot be part of a bucket name: use lower-case letters, digits, '.' and '-'");
			}
		}
	}

	// ---------------------------------------------------------------- backup

	@Override
	public void backup(OutputStream out, BackupRun run) throws IOException {
		checkParameters(run.parameters());
		if ("true".equals(run.parameters().get(MIRROR)) && !mirrorConfigured()) {
			throw new IllegalArgumentException("Parameter " + MIRROR + "=true needs a mirror: set backplane.components."
					+ this.name + ".mirror-location, or drop the parameter");
		}
		Stats stats = new Stats();
		ExecutorService workers = Executors.newFixedThreadPool(this.properties.maxInFlight(), (r) -> {
			Thread thread = new Thread(r, "backplane-buckets-" + this.name);
			thread.setDaemon(true);
			return thread;
		});
		// Ranges of large objects, read side by side (SpooledRead): a pool of their own,
		// since the workers wait for them
		ExecutorService rangeReaders = Executors.newFixedThreadPool(this.properties.maxInFlight(), (r) -> {
			Thread thread = new Thread(r, "backplane-buckets-ranges-" + this.name);
			thread.setDaemon(true);
			return thread;
		});
		// The previous index is read while the buckets and their settings are read; its
		// keys then cut each bucket's listing into ranges listed side by side
		// (BucketListing)
		Future<Map<String, PreviousLine>> previousRead = workers.submit(() -> readPrevious(run.previous()));
		try (S3Client client = client(run.parameters())) {
			List<String> buckets;
			List<Future<ObjectNode>> settings = new ArrayList<>();
			Map<String, List<Future<List<S3Object>>>> listings = new LinkedHashMap<>();
			// a listing range or a copy ended: the loop below looks again
			Semaphore ended = new Semaphore(0);
			Map<String, PreviousLine> previous;
			try {
				buckets = selectedBuckets(client, run.parameters());
				for (String bucket : buckets) {
					settings.add(workers.submit(() -> BucketSettings.read(client, bucket)));
				}
				previous = PendingTransfers.await(previousRead, "reading the previous backup's index");
				Map<String, List<String>> previousKeys = new HashMap<>();
				for (String bucketAndKey : previous.keySet()) {
					int newline = bucketAndKey.indexOf('\n');
					previousKeys.computeIfAbsent(bucketAndKey.substring(0, newline), (b) -> new ArrayList<>())
						.add(bucketAndKey.substring(newline + 1));
				}
				for (String bucket : buckets) {
					listings.put(bucket, BucketListing.submitCutBy(previousKeys.getOrDefault(bucket, List.of()), client,
							bucket, this.properties.maxInFlight(), workers, ended::release));
				}
			}
			catch (S3Exception ex) {
				throw new IOException("Cannot list the buckets of component " + this.name + ": " + message(ex), ex);
			}
			GZIPOutputStream gzip = new GZIPOutputStream(CloseShieldOutputStream.wrap(out), 64 * 1024);
			Writer writer = new OutputStreamWriter(gzip, StandardCharsets.UTF_8);
			IndexWriter index = new IndexWriter(writer);
			for (Future<ObjectNode> bucket : settings) {
				index.write(PendingTransfers.await(bucket, "reading the buckets' settings"));
			}
			PendingTransfers pending = new PendingTransfers(workers, this.properties.maxInFlight() * 4,
					"copying objects", ended::release);
			long small = this.properties.smallObjectSize().toBytes();
			SpooledRead spooled = new SpooledRead(client, rangeReaders, small,
					Math.max(2, this.properties.maxInFlight() / 2));
			Map<String, TagSupport> tags = new HashMap<>();
			buckets.forEach((b) -> tags.put(b, new TagSupport()));
			// Progress is held until the totals from the whole listing are out; each
			// bucket starts copying as soon as it is listed (a listing is a chain of
			// pages:
			// a large bucket's would otherwise keep every other bucket waiting)
			HeldProgress progress = new HeldProgress(run.progress());
			HeldProgress skipped = new HeldProgress(run.skipped());
			// Large objects first, then the small ones: the longest transfers start
			// earliest and end while the many short ones run
			Deque<Callable<Void>> large = new ArrayDeque<>();
			Deque<Callable<Void>> smallOnes = new ArrayDeque<>();
			long totalItems = 0;
			long totalBytes = 0;
			try {
				while (!listings.isEmpty()) {
					awaitEnded(ended);
					ended.drainPermits();
					for (Iterator<Map.Entry<String, List<Future<List<S3Object>>>>> it = listings.entrySet()
						.iterator(); it.hasNext();) {
						Map.Entry<String, List<Future<List<S3Object>>>> entry = it.next();
						if (!BucketListing.ended(entry.getValue())) {
							continue;
						}
						it.remove();
						String bucket = entry.getKey();
						for (S3Object object : BucketListing.join(bucket, entry.getValue())) {
							totalItems++;
							totalBytes += object.size();
							PreviousLine before = previous.get(bucket + "\n" + object.key());
							if (before != null && unchanged(before, object)) {
								index.writeObjectLine(before.line());
								stats.skipped.incrementAndGet();
								stats.skippedBytes.addAndGet(object.size());
								skipped.advance(1, object.size());
								progress.advance(1, object.size());
								continue;
							}
							Callable<Void> copy = () -> {
								ObjectNode line = copy(client, spooled, bucket, object, run.pool(), stats,
										tags.get(bucket));
								if (line != null) {
									index.write(line);
								}
								progress.advance(1, object.size());
								return null;
							};
							((object.size() > small) ? large : smallOnes).add(copy);
						}
					}
					while (!(large.isEmpty() && smallOnes.isEmpty())
							&& pending.trySubmit(large.isEmpty() ? smallOnes.peek() : large.peek())) {
						(large.isEmpty() ? smallOnes : large).poll();
					}
				}
			}
			catch (S3Exception ex) {
				throw new IOException("Cannot list the buckets of component " + this.name + ": " + message(ex), ex);
			}
			run.started().accept(new Totals(totalItems, totalBytes));
			skipped.release();
			progress.release();
			while (!large.isEmpty()) {
				pending.submit(large.poll());
			}
			while (!smallOnes.isEmpty()) {
				pending.submit(smallOnes.poll());
			}
			pending.awaitAll();
			ObjectNode summary = JSON.createObjectNode();
			summary.put("type", "summary");
			summary.put("buckets", buckets.size());
			summary.put("objects", index.objects());
			summary.put("read", stats.read.get());
			summary.put("readBytes", stats.readBytes.get());
			summary.put("stored", stats.stored.get());
			summary.put("storedBytes", stats.storedBytes.get());
			summary.put("skipped", stats.skipped.get());
			summary.put("skippedBytes", stats.skippedBytes.get());
			index.write(summary);
			writer.flush();
			gzip.finish();
			gzip.flush();
			logger.info("Buckets backed up: component=" + this.name + " buckets=" + buckets.size() + " objects="
					+ index.objects() + " read=" + stats.read.get() + " stored=" + stats.stored.get() + " skipped="
					+ stats.skipped.get());
		}
		finally {
			workers.shutdownNow();
			rangeReaders.shutdownNow();
		}
	}

	// Whether an object is the one a previous index line describes: the same ETag, size
	// and last-modified time. Any of them changed (a same-size rewrite changes the ETag
	// or the time) means it is read again.
	static boolean unchanged(PreviousLine before, S3Object object) {
		return before.size() == object.size() && object.eTag() != null && object.eTag().equals(before.etag())
				&& object.lastModified() != null && object.lastModified().toString().equals(before.lastModified())
				&& before.hashed();
	}

	// The previous index's object lines by bucket and key: each kept as its text and the
	// four fields compared, not as a parsed tree (a tenth of the memory; an unchanged
	// object's line is written again as it was)
	private Map<String, PreviousLine> readPrevious(InputStream previous) throws IOException {
		Map<String, PreviousLine> lines = new HashMap<>();
		if (previous == null) {
			return lines;
		}
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(new GZIPInputStream(previous, 64 * 1024), StandardCharsets.UTF_8));
		String line;
		while ((line = reader.readLine()) != null) {
			JsonNode node = JSON.readTree(line);
			if ("object".equals(node.path("type").asString(null))) {
				lines.put(node.path("bucket").asString() + "\n" + node.path("key").asString(),
						PreviousLine.of(node, line));
			}
		}
		// reading to the end checks the previous index's SHA-256
		previous.transferTo(OutputStream.nullOutputStream());
		return lines;
	}

	// Reads one object, stores its content in the pool unless it is there, and returns
	// its index line; {@code null} if it was deleted since the listing.
	private ObjectNode copy(S3Client client, SpooledRead spooled, String bucket, S3Object listed, ContentPool pool,
			Stats stats, TagSupport tags) throws IOException {
		try {
			String sha256;
			GetObjectResponse response;
			long size;
			if (listed.size() <= this.properties.smallObjectSize().toBytes()) {
				byte[] content;
				try (ResponseInputStream<GetObjectResponse> in = client
					.getObject((r) -> r.bucket(bucket).key(listed.key()))) {
					content = in.readAllBytes();
					response = in.response();
				}
				size = content.length;
				stats.read(size);
				// No HEAD first: the put itself refuses a content already there (an S3
				// location's put creates only), and a small content costs less to send
				// than a round trip to ask (bench/buckets: a fourth of the first backup).
				// The pool hashes it: one pass over its bytes
				ContentPool.Stored put = pool.put(content, content.length);
				sha256 = put.sha256();
				if (put.stored()) {
					stats.stored(size);
				}
			}
			else {
				// Read once: spooled to a local file while hashed, then stored from the
				// file if the pool lacks it (docs/design/bucket-pool.md, "Large objects")
				long taken = acquireSpool(listed.size());
				Path file = null;
				try {
					OwnerOnly.createDirectories(this.spool);
					file = Files.createTempFile(this.spool, "object-", ".spool");
					SpooledRead.Result read = spooled.read(bucket, listed, file);
					response = read.response();
					size = read.size();
					sha256 = read.sha256();
					stats.read(size);
					// the SHA-256 is the file's own (read back from it): stored from the
					// file as it is, no second pass
					if (!pool.contains(sha256) && pool.putFile(sha256, size, file)) {
						stats.stored(size);
					}
				}
				finally {
					if (file != null) {
						Files.deleteIfExists(file);
					}
					this.spoolBudget.release(taken);
				}
			}
			ObjectNode line = JSON.createObjectNode();
			line.put("type", "object");
			line.put("bucket", bucket);
			line.put("key", listed.key());
			line.put("size", size);
			line.put("sha256", sha256);
			// the listing's ETag and time, which the next backup compares with its
			// listing
			// (a GET's Last-Modified header has whole seconds, a listing may have
			// milliseconds); if the object changed after the listing, the next backup
			// sees a new ETag and reads it again
			line.put("etag", listed.eTag());
			line.put("lastModified", listed.lastModified().toString());
			putIfSet(line, "contentType", response.contentType());
			putIfSet(line, "contentEncoding", response.contentEncoding());
			putIfSet(line, "cacheControl", response.cacheControl());
			putIfSet(line, "contentDisposition", response.contentDisposition());
			putIfSet(line, "contentLanguage", response.contentLanguage());
			if (response.expires() != null) {
				line.put("expires", response.expires().toString());
			}
			ObjectNode metadata = line.putObject("metadata");
			new TreeMap<>(response.metadata()).forEach(metadata::put);
			Map<String, String> objectTags = tags.read(client, bucket, listed.key());
			if (objectTags != null) {
				ObjectNode tagNode = line.putObject("tags");
				new TreeMap<>(objectTags).forEach(tagNode::put);
			}
			return line;
		}
		catch (NoSuchKeyException ex) {
			logger.info("Object deleted since the listing, left out: component=" + this.name + " bucket=" + bucket
					+ " key=" + listed.key());
			return null;
		}
		catch (S3Exception ex) {
			throw new IOException("Cannot read object " + listed.key() + " of bucket " + bucket + ": " + message(ex),
					ex);
		}
	}

	private static void awaitEnded(Semaphore ended) throws InterruptedIOException {
		try {
			ended.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while listing the buckets");
		}
	}

	private long acquireSpool(long size) throws InterruptedIOException {
		try {
			return this.spoolBudget.acquire(size);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Stopped while waiting for spool space");
		}
	}

	private static void putIfSet(ObjectNode node, String field, String value) {
		if (value != null) {
			node.put(field, value);
		}
	}

	static String sha256(byte[] content) {
		return HexFormat.of().formatHex(newDigest().digest(content));
	}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---------------------------------------------------------------- restore

	@Override
	public void checkRestore(InputStream index, RestoreOptions options) throws IOException {
		checkOptions(options);
		IndexReader reader = new IndexReader(index);
		Map<String, String> targets = targets(reader.buckets(), options.parameters());
		if (options.policy() != RestorePolicy.FAIL_IF_EXISTS) {
			return;
		}
		try (S3Client client = client(options.parameters())) {
			List<String> holding = new ArrayList<>();
			for (String target : new TreeSet<>(targets.values())) {
				if (BucketRestorer.holdsObjects(client, target)) {
					holding.add(target);
				}
			}
			if (!holding.isEmpty()) {
				throw new RestoreRefusedException("Component " + this.name + ": the target bucket"
						+ ((holding.size() == 1) ? " " : "s ") + holding + ((holding.size() == 1) ? " holds" : " hold")
						+ " objects and the policy is fail-if-exists: empty or delete "
						+ ((holding.size() == 1) ? "it" : "them")
						+ ", restore with policy overwrite, or map the names with ADD_BUCKET_PREFIX; nothing was restored");
			}
		}
		catch (S3Exception ex) {
			throw new IOException("Cannot inspect the target buckets of component " + this.name + ": " + message(ex),
					ex);
		}
	}

	/**
	 * The buckets of a backup a restore writes, each with its target name.
	 * @param buckets the backup's buckets
	 * @param parameters the request's parameters
	 * @return source bucket to target bucket, in the backup's order
	 * @throws RestoreRefusedException if {@code BUCKETS} names no bucket of the backup or
	 * a mapped name is not a valid bucket name
	 */
	Map<String, String> targets(List<String> buckets, Map<String, String> parameters) throws RestoreRefusedException {
		BucketGlobs requested = parameters.containsKey(BUCKETS)
				? new BucketGlobs(BucketGlobs.split(parameters.get(BUCKETS)), List.of()) : null;
		Map<String, String> targets = new LinkedHashMap<>();
		String strip = parameters.getOrDefault(STRIP_BUCKET_PREFIX, "");
		String add = parameters.getOrDefault(ADD_BUCKET_PREFIX, "");
		for (String bucket : buckets) {
			if (requested != null && !requested.matches(bucket)) {
				continue;
			}
			String target = (!strip.isEmpty() && bucket.startsWith(strip)) ? bucket.substring(strip.length()) : bucket;
			target = add + target;
			if (!target.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
				throw new RestoreRefusedException("Bucket " + bucket + " would be restored as '" + target
						+ "', which is not a valid bucket name (3-63 lower-case letters, digits, '.' and '-'): change "
						+ "ADD_BUCKET_PREFIX or STRIP_BUCKET_PREFIX");
			}
			targets.put(bucket, target);
		}
		if (requested != null && targets.isEmpty()) {
			throw new RestoreRefusedException("BUCKETS '" + parameters.get(BUCKETS)
					+ "' matches no bucket of the backup " + "(it holds " + buckets + "): name one of those");
		}
		if (new TreeSet<>(targets.values()).size() != targets.size()) {
			throw new RestoreRefusedException(
					"Two buckets would be restored into one (" + targets + "): change STRIP_BUCKET_PREFIX");
		}
		return targets;
	}

	@Override
	public void restore(InputStream index, ContentPool pool, RestoreOptions options, Progress progress)
			throws IOException {
		checkOptions(options);
		IndexReader reader = new IndexReader(index);
		Map<String, String> targets = targets(reader.buckets(), options.parameters());
		try (S3Client client = client(options.parameters())) {
			new BucketRestorer(this.name, client, pool, this.properties.maxInFlight(), options.policy(),
					"true".equals(options.parameters().get(SKIP_UNSUPPORTED_SETTINGS)))
				.restore(reader, targets, progress);
		}
	}

	/**
	 * An object line of the previous backup's index: its text, and what decides whether
	 * the object is unchanged.
	 *
	 * @param line the line as written
	 * @param size the object's size
	 * @param etag its ETag as listed
	 * @param lastModified its last-modified time as listed
	 * @param hashed whether the line has the content's SHA-256
	 */
	record PreviousLine(String line, long size, String etag, String lastModified, boolean hashed) {

		static PreviousLine of(JsonNode node, String line) {
			return new PreviousLine(line, node.path("size").asLong(-1), node.path("etag").asString(null),
					node.path("lastModified").asString(null), node.path("sha256").isString());
		}

	}

	/**
	 * Counters of one backup run.
	 */
	static final class Stats {

		final AtomicLong read = new AtomicLong();

		final AtomicLong readBytes = new AtomicLong();

		final AtomicLong stored = new AtomicLong();

		final AtomicLong storedBytes = new AtomicLong();

		final AtomicLong skipped = new AtomicLong();

		final AtomicLong skippedBytes = new AtomicLong();

		void read(long bytes) {
			this.read.incrementAndGet();
			this.readBytes.addAndGet(bytes);
		}

		void stored(long bytes) {
			this.stored.incrementAndGet();
			this.storedBytes.addAndGet(bytes);
		}

	}

	/**
	 * Writes index lines from several threads, one whole line at a time.
	 */
	static final class IndexWriter {

		private final Writer writer;

		private long objects;

		IndexWriter(Writer writer) {
			this.writer = writer;
		}

		synchronized void write(JsonNode line) throws IOException {
			this.writer.write(JSON.writeValueAsString(line));
			this.writer.write('\n');
			if ("object".equals(line.path("type").asString(null))) {
				this.objects++;
			}
		}

		synchronized void writeObjectLine(String line) throws IOException {
			this.writer.write(line);
			this.writer.write('\n');
			this.objects++;
		}

		synchronized long objects() {
			return this.objects;
		}

	}

	/**
	 * Reads an index: its bucket lines at once (they come first), then the objects one by
	 * one.
	 */
	static final class IndexReader {

		private final BufferedReader reader;

		private final Map<String, JsonNode> buckets = new LinkedHashMap<>();

		private JsonNode pending;

		IndexReader(InputStream index) throws IOException {
			this.reader = new BufferedReader(new InputStreamReader(
					new GZIPInputStream(CloseShieldInputStream.wrap(index), 64 * 1024), StandardCharsets.UTF_8));
			JsonNode line;
			while ((line = readLine()) != null) {
				if ("bucket".equals(line.path("type").asString(null))) {
					this.buckets.put(line.path("bucket").asString(), line);
				}
				else {
					this.pending = line;
					break;
				}
			}
		}

		List<String> buckets() {
			return new ArrayList<>(this.buckets.keySet());
		}

		JsonNode bucket(String name) {
			return this.buckets.get(name);
		}

		/**
		 * @return the next object line, or {@code null} at the end
		 */
		JsonNode nextObject() throws IOException {
			JsonNode line = this.pending;
			this.pending = null;
			while (line != null || (line = readLine()) != null) {
				if ("object".equals(line.path("type").asString(null))) {
					return line;
				}
				line = null;
			}
			return null;
		}

		private JsonNode readLine() throws IOException {
			String text = this.reader.readLine();
			while (text != null && text.isEmpty()) {
				text = this.reader.readLine();
			}
			return (text != null) ? JSON.readTree(text) : null;
		}

	}

	/**
	 * Reads object tags, once per bucket learning whether the service supports them.
	 */
	static final class TagSupport {

		private volatile boolean unsupported;

		Map<String, String> read(S3Client client, String bucket, String key) throws IOException {
			if (this.unsupported) {
				return null;
			}
			try {
				Map<String, String> tags = new LinkedHashMap<>();
				client.getObjectTagging((r) -> r.bucket(bucket).key(key))
					.tagSet()
					.forEach((t) -> tags.put(t.key(), t.value()));
				return tags;
			}
			catch (S3Exception ex) {
				if (BucketSettings.isUnsupported(ex)) {
					this.unsupported = true;
					return null;
				}
				throw new IOException(
						"Cannot read the tags of object " + key + " of bucket " + bucket + ": " + message(ex), ex);
			}
		}

	}

}
