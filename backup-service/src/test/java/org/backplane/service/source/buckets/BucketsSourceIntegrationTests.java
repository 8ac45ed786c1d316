package org.backplane.service.source.buckets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import org.backplane.client.BackplaneApiException;
import org.backplane.client.BackplaneClient;
import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.MirrorRunResponse;
import org.backplane.client.model.MirrorRunStatus;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.FaultProxy;
import org.backplane.service.testsupport.Http;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code buckets} source through the whole service against two real S3Proxy
 * processes: one stands in for MinIO (the source), the other is the storage location
 * holding the object pool. Everything on either side is checked with the AWS SDK
 * directly, not through Backplane's code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.minio.type=buckets", "backplane.components.minio.buckets[0]=photos",
				"backplane.components.minio.buckets[1]=logs*", "backplane.components.minio.small-object-size=1MB",
				"backplane.components.keyless.type=buckets", "backplane.components.keyless.buckets[0]=*",
				"backplane.components.keyless.exclude-buckets[0]=restored-*",
				"backplane.components.mirrored.type=buckets", "backplane.components.mirrored.buckets[0]=m-*",
				"backplane.components.mirrored.small-object-size=1MB", "backplane.components.planned.type=buckets",
				"backplane.components.planned.buckets[0]=p-*", "backplane.components.unreachable.type=buckets",
				"backplane.components.unreachable.buckets[0]=u-*",
				// a mirror where nothing listens
				"backplane.components.unreachable.mirror-location=http://127.0.0.1:9",
				"backplane.components.unreachable.mirror-credentials[ACCESS_KEY_ID]=x",
				"backplane.components.unreachable.mirror-credentials[SECRET_ACCESS_KEY]=y",
				"backplane.components.unreachable.connect-timeout=2s", "backplane.components.counted.type=buckets",
				"backplane.components.counted.buckets[0]=c-*", "backplane.components.counted.small-object-size=1MB",
				"backplane.storage.default-location=pool", "backplane.storage.s3.part-size=5MB",
				"backplane.runner.polling-interval=200ms", "server.address=127.0.0.1" })
class BucketsSourceIntegrationTests {

	private static final Path HOME = ServiceHome.newDirectory("buckets");

	private static final String STORAGE_BUCKET = "pool-storage";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static S3Client source;

	// in front of the source, counting what the "counted" component reads
	static FaultProxy sourceProxy;

	static S3Client storage;

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		S3ProxyServer storageServer = TestServers.s3proxy();
		storageServer.createBucket(STORAGE_BUCKET);
		S3ProxyServer sourceServer = TestServers.bucketSource();
		registry.add("backplane.home", HOME::toString);
		registry.add("backplane.storage.locations.pool.uri", () -> "s3://" + STORAGE_BUCKET + "/bp?endpoint="
				+ storageServer.endpoint() + "&checksums=when_required");
		registry.add("backplane.storage.locations.pool.credentials[AWS_ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.storage.locations.pool.credentials[AWS_SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.components.minio.endpoint", () -> sourceServer.endpoint().toString());
		registry.add("backplane.components.minio.credentials[ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.components.minio.credentials[SECRET_ACCESS_KEY]", () -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.components.keyless.endpoint", () -> sourceServer.endpoint().toString());
		registry.add("backplane.components.mirrored.endpoint", () -> sourceServer.endpoint().toString());
		registry.add("backplane.components.mirrored.credentials[ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.components.mirrored.credentials[SECRET_ACCESS_KEY]", () -> S3ProxyServer.SECRET_KEY);
		// the mirror is the other S3Proxy, the one that also holds the storage location
		registry.add("backplane.components.mirrored.mirror-location", () -> storageServer.endpoint().toString());
		registry.add("backplane.components.mirrored.mirror-credentials[ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.components.mirrored.mirror-credentials[SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
		// the plans' component: source credentials only per request (the plan's
		// ACCESS_KEY_ID and SECRET_ACCESS_KEY), a mirror on the storage's S3Proxy
		registry.add("backplane.components.planned.endpoint", () -> sourceServer.endpoint().toString());
		registry.add("backplane.components.unreachable.endpoint", () -> sourceServer.endpoint().toString());
		sourceProxy = FaultProxy.start(sourceServer.endpoint());
		registry.add("backplane.components.counted.endpoint",
				() -> sourceProxy.endpoint(sourceServer.endpoint()).toString());
		registry.add("backplane.components.counted.credentials[ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.components.counted.credentials[SECRET_ACCESS_KEY]", () -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.components.planned.mirror-location", () -> storageServer.endpoint().toString());
		registry.add("backplane.components.planned.mirror-credentials[ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.components.planned.mirror-credentials[SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
	}

	@BeforeAll
	static void clients() {
		source = client(TestServers.bucketSource().endpoint());
		storage = client(TestServers.s3proxy().endpoint());
	}

	@AfterAll
	static void stopProxy() {
		sourceProxy.close();
	}

	static S3Client client(URI endpoint) {
		return S3Client.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.build();
	}

	/**
	 * The whole life of a bucket backup: a full backup; a second after 1% of the objects
	 * changed (one of them rewritten with the same size) reads and stores only those; a
	 * per-bucket restore under a prefix comes back byte- and metadata-identical;
	 * fail-if-exists refuses before writing anything; overwrite makes the bucket equal to
	 * the backup; a deleted bucket is absent from the next backup; deleting backups
	 * leaves in the pool exactly the contents the remaining indexes reference.
	 */
	@Test
	void backsUpIncrementallyRestoresAndCollectsThePool() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		Random random = new Random(17);
		source.createBucket((r) -> r.bucket("photos"));
		source.createBucket((r) -> r.bucket("logs-2026"));
		source.createBucket((r) -> r.bucket("other"));
		List<String> photoKeys = new ArrayList<>();
		for (int i = 0; i < 140; i++) {
			String key = (i % 3 == 0) ? "ünïcödé/日本語/фото-" + i + ".jpg" : "album " + (i % 7) + "/photo+" + i + ".jpg";
			byte[] content = new byte[1 + random.nextInt(3000)];
			random.nextBytes(content);
			source.putObject(
					(r) -> r.bucket("photos")
						.key(key)
						.contentType("image/jpeg")
						.cacheControl("max-age=60")
						.metadata(Map.of("camera", "x-" + key.length(), "owner", "ana")),
					RequestBody.fromBytes(content));
			photoKeys.add(key);
		}
		source.putObject((r) -> r.bucket("photos").key("empty").contentType("text/plain"),
				RequestBody.fromBytes(new byte[0]));
		byte[] large = new byte[9 * 1024 * 1024 + 123];
		random.nextBytes(large);
		source.putObject((r) -> r.bucket("photos").key("videos/large.bin").contentType("application/octet-stream"),
				RequestBody.fromBytes(large));
		// the same content under two keys is stored once
		source.putObject((r) -> r.bucket("photos").key("copy/of/large.bin"), RequestBody.fromBytes(large));
		for (int i = 0; i < 57; i++) {
			String key = "a/b/c/d/e/f/g/h/i/j/" + i + ".log.gz";
			byte[] content = ("line " + i + "\n").repeat(1 + i).getBytes(StandardCharsets.UTF_8);
			source.putObject((r) -> r.bucket("logs-2026").key(key).contentEncoding("gzip").contentType("text/plain"),
					RequestBody.fromBytes(content));
		}
		source.putObject((r) -> r.bucket("other").key("not-selected"), RequestBody.fromString("x"));
		int objects = 140 + 3 + 57;

		// 1. A full backup: every object read, every distinct content stored once
		BackupResponse first = backUp(client, "full", null);
		JsonNode firstSummary = summary(first);
		assertThat(firstSummary.path("objects").asInt()).isEqualTo(objects);
		assertThat(firstSummary.path("read").asInt()).isEqualTo(objects);
		assertThat(firstSummary.path("skipped").asInt()).isZero();
		assertThat(bucketsOf(first)).containsExactly("logs-2026", "photos");
		Set<String> afterFirst = poolKeys();
		assertThat(afterFirst).hasSize(distinctContents(first));
		assertThat(first.progress().itemsTotal()).isEqualTo(objects);

		// 2. 1% changed: one rewritten with the same size, one with another size
		long length = source.headObject((r) -> r.bucket("photos").key(photoKeys.get(5))).contentLength();
		byte[] sameSize = new byte[(int) length];
		random.nextBytes(sameSize);
		source.putObject((r) -> r.bucket("photos").key(photoKeys.get(5)).contentType("image/png"),
				RequestBody.fromBytes(sameSize));
		source.putObject((r) -> r.bucket("logs-2026").key("a/b/c/d/e/f/g/h/i/j/3.log.gz"),
				RequestBody.fromString("rotated"));
		BackupResponse second = backUp(client, "incremental", null);
		JsonNode secondSummary = summary(second);
		assertThat(secondSummary.path("objects").asInt()).isEqualTo(objects);
		assertThat(secondSummary.path("read").asInt()).isEqualTo(2);
		assertThat(secondSummary.path("stored").asInt()).isEqualTo(2);
		assertThat(secondSummary.path("skipped").asInt()).isEqualTo(objects - 2);
		assertThat(second.components().get("minio").itemsSkipped()).isEqualTo(objects - 2);
		assertThat(second.progress().itemsDone()).isEqualTo(objects);
		Set<String> afterSecond = poolKeys();
		assertThat(afterSecond).hasSize(afterFirst.size() + 2).containsAll(afterFirst);

		// 3. One bucket restored under a prefix: byte- and metadata-identical
		RestoreResponse restored = restore(client, second, new CreateRestoreRequest(null, null, null,
				Map.of("BUCKETS", "photos", "ADD_BUCKET_PREFIX", "restored-")));
		assertThat(restored.status()).as(restored.errorReason()).isEqualTo(RestoreStatus.STATUS_READY);
		assertSameBuckets("photos", "restored-photos");
		assertThat(bucketExists("restored-logs-2026")).isFalse();

		// 4. fail-if-exists: restored-photos holds objects, so nothing is written, not
		// even
		// the other bucket
		RestoreResponse refused = restore(client, second,
				new CreateRestoreRequest(null, "fail-if-exists", null, Map.of("ADD_BUCKET_PREFIX", "restored-")));
		assertThat(refused.status()).isEqualTo(RestoreStatus.STATUS_ERROR);
		assertThat(refused.errorReason()).contains("restored-photos").contains("fail-if-exists");
		assertThat(bucketExists("restored-logs-2026")).isFalse();

		// 5. overwrite makes the bucket equal to the backup: an extra object goes, a
		// changed one comes back
		source.putObject((r) -> r.bucket("restored-photos").key("extra"), RequestBody.fromString("extra"));
		source.putObject((r) -> r.bucket("restored-photos").key(photoKeys.get(7)), RequestBody.fromString("changed"));
		RestoreResponse overwritten = restore(client, second, new CreateRestoreRequest(null, "overwrite", null,
				Map.of("BUCKETS", "photos", "ADD_BUCKET_PREFIX", "restored-")));
		assertThat(overwritten.status()).as(overwritten.errorReason()).isEqualTo(RestoreStatus.STATUS_READY);
		assertSameBuckets("photos", "restored-photos");

		// 6. A deleted bucket is absent from the next backup; per-request credentials for
		// a component configured without any
		for (S3Object object : source.listObjectsV2((r) -> r.bucket("logs-2026")).contents()) {
			source.deleteObject((r) -> r.bucket("logs-2026").key(object.key()));
		}
		source.deleteBucket((r) -> r.bucket("logs-2026"));
		BackupResponse third = backUp(client, "after-delete", null);
		assertThat(bucketsOf(third)).containsExactly("photos");
		BackupResponse keyless = backUp(client, "keyless", Map.of("ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
				"SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY, "BUCKETS", "other"), "keyless");
		assertThat(bucketsOf(keyless, "keyless")).containsExactly("other");
		assertThat(JSON.writeValueAsString(client.getBackup(keyless.id()))).doesNotContain(S3ProxyServer.SECRET_KEY);

		// 7. Deleting backups collects exactly what no remaining index references
		client.deleteBackup(first.id());
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(poolKeys()).isEqualTo(referencedBy(second, third, keyless)));
		// the two contents only the first backup had are gone; the keyless backup added
		// one
		assertThat(poolKeys()).hasSize(afterSecond.size() - 2 + 1);
		client.deleteBackup(second.id());
		client.deleteBackup(third.id());
		client.deleteBackup(keyless.id());
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(poolKeys()).isEmpty());
	}

	/**
	 * A mirror run is asynchronous (202, its Location, polled until READY with its
	 * counters) and copies each selected bucket into {@code <prefix><bucket>} as plain
	 * objects; a second start while one runs is refused with 409 naming the running one;
	 * a second run copies nothing; a same-size change is copied again; a deleted source
	 * bucket's mirror is removed ({@code synchronize}), and an object deleted at the
	 * source is deleted at the mirror.
	 */
	@Test
	void mirrorsOnlyWhatChangedAndSynchronizesDeletedBuckets() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		Random random = new Random(5);
		source.createBucket((r) -> r.bucket("m-one"));
		source.createBucket((r) -> r.bucket("m-two"));
		for (int i = 0; i < 30; i++) {
			byte[] content = new byte[random.nextInt(2000)];
			random.nextBytes(content);
			String key = "dir " + (i % 4) + "/ö-" + i;
			source.putObject((r) -> r.bucket((key.hashCode() % 2 == 0) ? "m-one" : "m-two")
				.key(key)
				.contentType("text/x-" + key.length())
				.metadata(Map.of("who", "test")), RequestBody.fromBytes(content));
		}
		byte[] large = new byte[2 * 1024 * 1024 + 7];
		random.nextBytes(large);
		source.putObject((r) -> r.bucket("m-one").key("large"), RequestBody.fromBytes(large));
		long objects = source.listObjectsV2((r) -> r.bucket("m-one")).keyCount()
				+ source.listObjectsV2((r) -> r.bucket("m-two")).keyCount();

		HttpResponse<String> started = new Http(this.port).postJson("/api/v1/components/mirrored/mirror", "{}");
		assertThat(started.statusCode()).isEqualTo(202);
		JsonNode startedRun = JSON.readTree(started.body());
		String runId = startedRun.path("id").asString();
		assertThat(startedRun.path("status").asString()).isEqualTo("STATUS_MIRRORING");
		assertThat(started.headers().firstValue("Location"))
			.hasValue("/api/v1/components/mirrored/mirror-runs/" + runId);
		MirrorRunResponse first;
		// the run cannot end while this connection holds its row (its first update
		// waits), so the second start meets it running, whatever the timing
		try (Connection held = this.dataSource.getConnection()) {
			held.setAutoCommit(false);
			try (PreparedStatement lock = held
				.prepareStatement("select status from mirror_run where id = ? for update")) {
				lock.setString(1, runId);
				try (ResultSet row = lock.executeQuery()) {
					assertThat(row.next()).isTrue();
					assertThat(row.getString(1)).isEqualTo("STATUS_MIRRORING");
				}
			}
			BackplaneApiException busy = catchThrowableOfType(BackplaneApiException.class,
					() -> client.mirror("mirrored", null));
			assertThat(busy).as("the second start is refused").isNotNull();
			assertThat(busy.getStatus()).isEqualTo(409);
			assertThat(busy.getDetail()).contains("Component mirrored is busy with mirror " + runId);
			held.rollback();
		}
		first = awaitMirror(client, runId);
		assertThat(first.progress().itemsDone()).isEqualTo(first.objects());
		assertThat(first.buckets()).containsEntry("m-one", "mirrored-m-one").containsEntry("m-two", "mirrored-m-two");
		assertThat(first.objects()).isEqualTo(objects);
		assertThat(first.copied()).isEqualTo(objects);
		assertSameBuckets(source, "m-one", storage, "mirrored-m-one");
		assertSameBuckets(source, "m-two", storage, "mirrored-m-two");

		MirrorRunResponse unchanged = awaitMirror(client, client.mirror("mirrored", null).id());
		assertThat(unchanged.copied()).isZero();
		assertThat(unchanged.unchanged()).isEqualTo(objects);
		// the latest runs, newest first, as each one reads
		assertThat(client.listMirrorRuns("mirrored", 20)).extracting(MirrorRunResponse::id)
			.containsExactly(unchanged.id(), runId);
		assertThat(client.listMirrorRuns("mirrored", 1)).singleElement().isEqualTo(unchanged);
		HttpResponse<String> tooMany = new Http(this.port).get("/api/v1/components/mirrored/mirror-runs?limit=101");
		assertThat(tooMany.statusCode()).isEqualTo(400);
		assertThat(tooMany.body()).contains("ask for 1 to 100 runs");
		assertThat(new Http(this.port).get("/api/v1/components/nothing/mirror-runs").statusCode()).isEqualTo(404);

		String changedKey = source.listObjectsV2((r) -> r.bucket("m-two")).contents().get(0).key();
		long length = source.headObject((r) -> r.bucket("m-two").key(changedKey)).contentLength();
		byte[] sameSize = new byte[(int) length];
		random.nextBytes(sameSize);
		source.putObject((r) -> r.bucket("m-two").key(changedKey), RequestBody.fromBytes(sameSize));
		String deletedKey = source.listObjectsV2((r) -> r.bucket("m-two")).contents().get(1).key();
		source.deleteObject((r) -> r.bucket("m-two").key(deletedKey));
		MirrorRunResponse changed = awaitMirror(client, client.mirror("mirrored", null).id());
		assertThat(changed.copied()).isEqualTo(1);
		assertThat(changed.deletedObjects()).isEqualTo(1);
		assertSameBuckets(source, "m-two", storage, "mirrored-m-two");

		for (S3Object object : source.listObjectsV2((r) -> r.bucket("m-one")).contents()) {
			source.deleteObject((r) -> r.bucket("m-one").key(object.key()));
		}
		source.deleteBucket((r) -> r.bucket("m-one"));
		MirrorRunResponse synchronized_ = awaitMirror(client, client.mirror("mirrored", null).id());
		assertThat(synchronized_.deletedBuckets()).containsExactly("mirrored-m-one");
		assertThat(storage.listBuckets().buckets().stream().map((b) -> b.name())).contains("mirrored-m-two")
			.doesNotContain("mirrored-m-one");
	}

	/**
	 * Mirror runs that cannot start are refused with a 4xx whose message says what to
	 * fix: an unknown component (404), a component without a mirror (400), a parameter
	 * the component does not take (400), a component a backup holds (409 naming it); a
	 * run that does not exist is 404.
	 */
	@Test
	void refusesMirrorRunsThatCannotStart() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		BackplaneApiException unknown = catchThrowableOfType(BackplaneApiException.class,
				() -> client.mirror("nosuch", null));
		assertThat(unknown.getStatus()).isEqualTo(404);
		assertThat(unknown.getDetail()).contains("nosuch");
		BackplaneApiException noMirror = catchThrowableOfType(BackplaneApiException.class,
				() -> client.mirror("minio", null));
		assertThat(noMirror.getStatus()).isEqualTo(400);
		assertThat(noMirror.getDetail()).contains("Component 'minio' has no mirror",
				"backplane.components.minio.mirror-location");
		BackplaneApiException badParameter = catchThrowableOfType(BackplaneApiException.class,
				() -> client.mirror("mirrored", Map.of("S3_BUCKET_NAME", "x")));
		assertThat(badParameter.getStatus()).isEqualTo(400);
		assertThat(badParameter.getDetail()).contains("S3_BUCKET_NAME");
		// a backup of the component holds its lock (as the backup plan's, whose mirror
		// runs inside the backup's job): the native mirror waits its turn
		String backupId = "planned-" + java.util.UUID.randomUUID();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement lock = connection.prepareStatement("insert into component_lock "
						+ "(component, holder_id, operation, acquired_at) values ('mirrored', ?, 'backup', now())")) {
			lock.setString(1, backupId);
			lock.executeUpdate();
		}
		try {
			BackplaneApiException busy = catchThrowableOfType(BackplaneApiException.class,
					() -> client.mirror("mirrored", null));
			assertThat(busy).as("the second start is refused").isNotNull();
			assertThat(busy.getStatus()).isEqualTo(409);
			assertThat(busy.getDetail()).contains("Component mirrored is busy with backup " + backupId);
		}
		finally {
			try (Connection connection = this.dataSource.getConnection();
					PreparedStatement unlock = connection
						.prepareStatement("delete from component_lock where holder_id = ?")) {
				unlock.setString(1, backupId);
				unlock.executeUpdate();
			}
		}
		BackplaneApiException noRun = catchThrowableOfType(BackplaneApiException.class,
				() -> client.getMirrorRun("mirrored", "mirror:00000000-0000-4000-8000-000000000000"));
		assertThat(noRun.getStatus()).isEqualTo(404);
		BackplaneApiException badId = catchThrowableOfType(BackplaneApiException.class,
				() -> client.getMirrorRun("mirrored", "nope"));
		assertThat(badId.getStatus()).isEqualTo(400);
		assertThat(badId.getDetail()).contains("mirror:<uuid>");
	}

	/**
	 * A mirror run whose mirror cannot be reached ends {@code STATUS_ERROR} with the
	 * reason; its per-request credentials are never shown and are forgotten when it ends.
	 */
	@Test
	void failedMirrorRunSaysWhyAndShowsNoSecret() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> started = http.postJson("/api/v1/components/unreachable/mirror",
				"{\"parameters\": {\"ACCESS_KEY_ID\": \"" + S3ProxyServer.ACCESS_KEY + "\", \"SECRET_ACCESS_KEY\": \""
						+ S3ProxyServer.SECRET_KEY + "\"}}");
		assertThat(started.statusCode()).isEqualTo(202);
		assertThat(started.body()).doesNotContain(S3ProxyServer.SECRET_KEY);
		String location = started.headers().firstValue("Location").orElseThrow();
		HttpResponse<String>[] read = new HttpResponse[1];
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			read[0] = http.get(location);
			assertThat(JSON.readTree(read[0].body()).path("status").asString()).isEqualTo("STATUS_ERROR");
		});
		assertThat(read[0].body()).doesNotContain(S3ProxyServer.SECRET_KEY);
		JsonNode failed = JSON.readTree(read[0].body());
		assertThat(failed.path("errorReason").asString()).startsWith("Component unreachable failed: ");
		assertThat(failed.path("copied").isNull()).isTrue();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement secrets = connection
					.prepareStatement("select count(*) from job_secret where job_id = ?")) {
			secrets.setString(1, failed.path("id").asString());
			try (ResultSet count = secrets.executeQuery()) {
				assertThat(count.next()).isTrue();
				assertThat(count.getInt(1)).isZero();
			}
		}
	}

	/**
	 * A mirror run whose runner is gone (its heartbeat stale, its queue entry gone, as
	 * after a replica's kill -9) is ended by the reaper {@code STATUS_ERROR}
	 * {@code interrupted}, not run again, and the component's lock is freed.
	 */
	@Test
	void endsAMirrorRunWhoseRunnerIsGoneAsInterrupted() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		String runId = "mirror:" + java.util.UUID.randomUUID();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement run = connection.prepareStatement("insert into mirror_run (id, component, status, "
					+ "row_version, created_by, created_at, updated_at, heartbeat_at, runner) values (?, 'unreachable', "
					+ "'STATUS_MIRRORING', 0, 'test', now(), now(), now() - interval '1 hour', 'gone-replica')");
					PreparedStatement component = connection.prepareStatement("insert into mirror_run_component "
							+ "(mirror_run_id, name, position, status) values (?, 'unreachable', 0, 'STATUS_BACKING_UP')");
					PreparedStatement lock = connection.prepareStatement("insert into component_lock "
							+ "(component, holder_id, operation, acquired_at) values ('unreachable', ?, 'mirror', now())")) {
				for (PreparedStatement statement : List.of(run, component, lock)) {
					statement.setString(1, runId);
					statement.executeUpdate();
				}
			}
			connection.commit();
		}
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(client.getMirrorRun("unreachable", runId).status())
				.isEqualTo(MirrorRunStatus.STATUS_ERROR));
		MirrorRunResponse reaped = client.getMirrorRun("unreachable", runId);
		assertThat(reaped.errorReason()).startsWith("interrupted");
		assertThat(reaped.completedAt()).isNotNull();
		assertThat(client.listComponents()
			.stream()
			.filter((c) -> c.name().equals("unreachable"))
			.findFirst()
			.orElseThrow()
			.busyWith()).isNull();
	}

	private static MirrorRunResponse awaitMirror(BackplaneClient client, String runId) {
		MirrorRunResponse[] ended = new MirrorRunResponse[1];
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			ended[0] = client.getMirrorRun("mirrored", runId);
			assertThat(ended[0].status()).isNotEqualTo(MirrorRunStatus.STATUS_MIRRORING);
		});
		assertThat(ended[0].status()).as(ended[0].errorReason()).isEqualTo(MirrorRunStatus.STATUS_READY);
		return ended[0];
	}

	/**
	 * The MinIO service's plans with its names and parameters: {@code backup}
	 * ({@code ACCESS_KEY_ID}, {@code SECRET_ACCESS_KEY}) makes a READY backup in the
	 * catalogue and brings the mirror up to date in the same job (steps
	 * {@code backup-buckets} and {@code mirror}); {@code restore}
	 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code S3_BUCKET}) onto
	 * a bucket that holds objects fails (417) with the step's message, and restores
	 * exactly the one bucket named, by its mirror's name, byte- and metadata-identical.
	 * Bad or missing parameters are refused with what to fix.
	 */
	@Test
	void backupAndRestorePlansWithTheMinioServicesNamesAndParameters() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		Http http = new Http(this.port);
		Random random = new Random(23);
		source.createBucket((r) -> r.bucket("p-photos"));
		source.createBucket((r) -> r.bucket("p-docs"));
		for (int i = 0; i < 24; i++) {
			byte[] content = new byte[(i == 0) ? 0 : random.nextInt(4000)];
			random.nextBytes(content);
			String key = "album/ü-" + i + ((i % 2 == 0) ? ".jpg" : "/deep/er.png");
			String bucket = (i % 4 == 3) ? "p-docs" : "p-photos";
			source.putObject((r) -> r.bucket(bucket)
				.key(key)
				.contentType("image/x-" + (key.length() % 3))
				.metadata(Map.of("seq", Integer.toString(key.length()))), RequestBody.fromBytes(content));
		}
		String credentials = "\"ACCESS_KEY_ID\": \"" + S3ProxyServer.ACCESS_KEY + "\", \"SECRET_ACCESS_KEY\": \""
				+ S3ProxyServer.SECRET_KEY + "\"";
		String storageCredentials = "\"AWS_ACCESS_KEY_ID\": \"" + S3ProxyServer.ACCESS_KEY
				+ "\", \"AWS_SECRET_ACCESS_KEY\": \"" + S3ProxyServer.SECRET_KEY + "\"";

		// the union of the plans of every source type: here buckets components only
		assertThat(http.get("/v1/plans").body()).isEqualTo("[\"backup\",\"restore\"]");

		// bad or missing parameters: 400 naming what to fix
		refused(http, "backup", "{" + credentials + "}", 400, "COMPONENT",
				"[minio, keyless, mirrored, planned, unreachable, counted]");
		refused(http, "backup", "{\"COMPONENT\": \"planned\", \"SNAPSHOT_NAME\": \"s\", \"BUCKETS\": \"p-*\"}", 400,
				"[BUCKETS, SNAPSHOT_NAME]", "ACCESS_KEY_ID");
		refused(http, "restore", "{\"COMPONENT\": \"planned\", " + storageCredentials + "}", 400,
				"S3_BUCKET is missing", "S3_BUCKET=photos");
		refused(http, "restore", "{\"COMPONENT\": \"planned\", \"S3_BUCKET\": \"Photos*\"}", 400,
				"'Photos*' is not a bucket name");
		refused(http, "restore", "{\"COMPONENT\": \"planned\", \"S3_BUCKET\": \"p-photos\"}", 409, "no READY backup",
				"backup plan");

		// backup: a READY backup in the catalogue, then the mirror
		HttpResponse<String> started = http.postJson("/v1/plans/backup/start",
				"{\"COMPONENT\": \"planned\", " + credentials + "}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		assertThat(started.body())
			.contains("Received cmd: start backup with parameters: [ACCESS_KEY_ID, COMPONENT, " + "SECRET_ACCESS_KEY]")
			.doesNotContain(S3ProxyServer.SECRET_KEY);
		JsonNode backedUp = awaitPlan(http, "backup", 200);
		assertThat(backedUp.path("status").asString()).isEqualTo("COMPLETE");
		JsonNode steps = backedUp.path("phases").get(0).path("steps");
		assertThat(backedUp.path("phases").get(0).path("name").asString()).isEqualTo("backup");
		assertThat(steps.get(0).path("name").asString()).isEqualTo("backup-buckets");
		assertThat(steps.get(0).path("status").asString()).isEqualTo("COMPLETE");
		assertThat(steps.get(0).path("message").asString()).contains("backed up 24 objects", "sha256");
		assertThat(steps.get(1).path("name").asString()).isEqualTo("mirror");
		assertThat(steps.get(1).path("status").asString()).isEqualTo("COMPLETE");
		assertThat(steps.get(1).path("message").asString()).contains("mirrored 2 buckets", "24 objects", "24 copied");
		List<DcosBackupInfo> listed = client.dcosList("planned");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).status()).isEqualTo("STATUS_READY");
		BackupResponse backup = client.getBackup(listed.get(0).id());
		assertThat(bucketsOf(backup, "planned")).containsExactly("p-docs", "p-photos");
		// the backup's mirror is one of the component's mirror runs, with its outcome
		MirrorRunResponse mirrored = client.listMirrorRuns("planned", 20).get(0);
		assertThat(mirrored.backupId()).isEqualTo(backup.id());
		assertThat(mirrored.status()).isEqualTo(MirrorRunStatus.STATUS_READY);
		assertThat(mirrored.copied()).isEqualTo(24);
		assertThat(mirrored.buckets()).containsEntry("p-photos", "planned-p-photos");
		assertThat(mirrored.progress().itemsDone()).isEqualTo(24);
		assertThat(client.getMirrorRun("planned", mirrored.id())).isEqualTo(mirrored);
		assertSameBuckets(source, "p-photos", storage, "planned-p-photos");
		assertSameBuckets(source, "p-docs", storage, "planned-p-docs");

		// restore onto a bucket that holds objects: fail-if-exists, the plan shows why
		// (AWS_* for the storage; the component has no configured credentials, so
		// ACCESS_KEY_ID and SECRET_ACCESS_KEY for the MinIO written to)
		started = http.postJson("/v1/plans/restore/start", "{\"COMPONENT\": \"planned\", \"S3_BUCKET\": \"p-photos\", "
				+ storageCredentials + ", " + credentials + "}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		JsonNode refused = awaitPlan(http, "restore", 417);
		assertThat(refused.path("status").asString()).isEqualTo("ERROR");
		JsonNode refusedStep = refused.path("phases").get(0).path("steps").get(0);
		assertThat(refusedStep.path("name").asString()).isEqualTo("restore-bucket:[p-photos]");
		assertThat(refusedStep.path("status").asString()).isEqualTo("ERROR");
		assertThat(refusedStep.path("message").asString()).contains("p-photos", "fail-if-exists");
		assertThat(refused.path("errors").get(0).asString()).contains("fail-if-exists");

		// both buckets gone; the restore plan, given the mirror's name as the MinIO
		// service's restore took it, brings back exactly that one
		Map<String, ResponseBytes<GetObjectResponse>> photos = new TreeMap<>();
		for (S3Object object : source.listObjectsV2((r) -> r.bucket("p-photos")).contents()) {
			photos.put(object.key(), source.getObjectAsBytes((r) -> r.bucket("p-photos").key(object.key())));
		}
		for (String bucket : List.of("p-photos", "p-docs")) {
			for (S3Object object : source.listObjectsV2((r) -> r.bucket(bucket)).contents()) {
				source.deleteObject((r) -> r.bucket(bucket).key(object.key()));
			}
			source.deleteBucket((r) -> r.bucket(bucket));
		}
		HttpResponse<String> notAChoice = http.postJson("/v1/plans/restore/start",
				"{\"COMPONENT\": \"planned\", \"S3_BUCKET\": \"planned-p-photos\", "
						+ "\"SKIP_UNSUPPORTED_SETTINGS\": \"maybe\", " + storageCredentials + ", " + credentials + "}");
		assertThat(notAChoice.statusCode()).as(notAChoice.body()).isBetween(400, 499);
		assertThat(notAChoice.body()).contains("SKIP_UNSUPPORTED_SETTINGS", "is not a choice");
		// the restore plan takes the component's SKIP_UNSUPPORTED_SETTINGS (nothing to
		// skip here: S3Proxy's buckets have no settings recorded)
		started = http.postJson("/v1/plans/restore/start",
				"{\"COMPONENT\": \"planned\", \"S3_BUCKET\": \"planned-p-photos\", "
						+ "\"SKIP_UNSUPPORTED_SETTINGS\": \"true\", " + storageCredentials + ", " + credentials + "}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		JsonNode restoredPlan = awaitPlan(http, "restore", 200);
		assertThat(restoredPlan.path("phases").get(0).path("steps").get(0).path("name").asString())
			.isEqualTo("restore-bucket:[p-photos]");
		assertThat(bucketExists("p-docs")).isFalse();
		Map<String, ResponseBytes<GetObjectResponse>> restoredPhotos = new TreeMap<>();
		for (S3Object object : source.listObjectsV2((r) -> r.bucket("p-photos")).contents()) {
			restoredPhotos.put(object.key(), source.getObjectAsBytes((r) -> r.bucket("p-photos").key(object.key())));
		}
		assertThat(restoredPhotos.keySet()).isEqualTo(photos.keySet()).hasSize(18);
		for (String key : photos.keySet()) {
			assertThat(restoredPhotos.get(key).asByteArray()).as(key).isEqualTo(photos.get(key).asByteArray());
			assertThat(restoredPhotos.get(key).response().contentType()).as(key)
				.isEqualTo(photos.get(key).response().contentType());
			assertThat(restoredPhotos.get(key).response().metadata()).as(key)
				.isEqualTo(photos.get(key).response().metadata());
		}
		assertThat(http.get("/v1/plans/restore").body()).doesNotContain(S3ProxyServer.SECRET_KEY);

		// the pool is shared with the other tests of this class: leave it as found
		Set<String> referenced = referencedBy(backup);
		client.deleteBackup(backup.id());
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(poolKeys()).doesNotContainAnyElementsOf(referenced));
	}

	/**
	 * A mirror that fails does not fail the backup plan's backup: the backup is READY in
	 * the catalogue, the {@code mirror} step is ERROR with the reason, and the plan
	 * answers 417.
	 */
	@Test
	void failedMirrorLeavesTheBackupReadyAndThePlanInError() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		Http http = new Http(this.port);
		source.createBucket((r) -> r.bucket("u-one"));
		source.putObject((r) -> r.bucket("u-one").key("k"), RequestBody.fromString("content"));
		HttpResponse<String> started = http.postJson("/v1/plans/backup/start",
				"{\"COMPONENT\": \"unreachable\", \"ACCESS_KEY_ID\": \"" + S3ProxyServer.ACCESS_KEY
						+ "\", \"SECRET_ACCESS_KEY\": \"" + S3ProxyServer.SECRET_KEY + "\"}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
		JsonNode failed = awaitPlan(http, "backup", 417);
		assertThat(failed.path("status").asString()).isEqualTo("ERROR");
		JsonNode steps = failed.path("phases").get(0).path("steps");
		assertThat(steps.get(0).path("status").asString()).isEqualTo("COMPLETE");
		assertThat(steps.get(1).path("name").asString()).isEqualTo("mirror");
		assertThat(steps.get(1).path("status").asString()).isEqualTo("ERROR");
		assertThat(steps.get(1).path("message").asString()).contains("Mirror to http://127.0.0.1:9 failed",
				"the backup itself is READY");
		assertThat(failed.path("errors").get(0).asString()).contains("Mirror to http://127.0.0.1:9 failed");
		List<DcosBackupInfo> listed = client.dcosList("unreachable");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).status()).isEqualTo("STATUS_READY");
		BackupResponse backup = client.getBackup(listed.get(0).id());
		assertThat(bucketsOf(backup, "unreachable")).containsExactly("u-one");
		MirrorRunResponse mirror = client.listMirrorRuns("unreachable", 20).get(0);
		assertThat(mirror.backupId()).isEqualTo(backup.id());
		assertThat(mirror.status()).isEqualTo(MirrorRunStatus.STATUS_ERROR);
		assertThat(mirror.errorReason()).contains("Mirror to http://127.0.0.1:9 failed", "the backup itself is READY");
		assertThat(mirror.copied()).isNull();

		// the pool is shared with the other tests of this class: leave it as found
		Set<String> referenced = referencedBy(backup);
		client.deleteBackup(backup.id());
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(poolKeys()).doesNotContainAnyElementsOf(referenced));
	}

	private static void refused(Http http, String plan, String parameters, int status, String... says) {
		HttpResponse<String> response = http.postJson("/v1/plans/" + plan + "/start", parameters);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.body()).contains(says).doesNotContain(S3ProxyServer.SECRET_KEY);
	}

	private static JsonNode awaitPlan(Http http, String plan, int expected) {
		HttpResponse<String> ended = await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> http.get("/v1/plans/" + plan), (r) -> r.statusCode() != 202);
		assertThat(ended.statusCode()).as(ended.body()).isEqualTo(expected);
		assertThat(ended.body()).doesNotContain(S3ProxyServer.SECRET_KEY);
		return JSON.readTree(ended.body());
	}

	/**
	 * A large object (over {@code small-object-size}) is read from the source once, not
	 * once to hash it and again to store it: the bytes the source sends, counted by a
	 * proxy in front of it, are about the object's size (the old code read twice, 2×); a
	 * second key with the same content is read once too but not stored again; the spooled
	 * files are gone after the backup; the pool's content is the object's bytes.
	 */
	@Test
	void readsALargeObjectOnceFromTheSource() throws Exception {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		byte[] large = new byte[6 * 1024 * 1024 + 321];
		new Random(23).nextBytes(large);
		source.createBucket((r) -> r.bucket("c-big"));
		source.putObject((r) -> r.bucket("c-big").key("large.bin"), RequestBody.fromBytes(large));
		sourceProxy.arm(new FaultProxy.Fault(FaultProxy.Kind.HTTP_503, FaultProxy.Direction.DOWNLOAD, Long.MAX_VALUE, 1,
				Duration.ZERO));
		BackupResponse backup;
		long downloaded;
		try {
			backup = backUp(client, "read-once", null, "counted");
			downloaded = sourceProxy.bytesSinceArmed(FaultProxy.Direction.DOWNLOAD);
		}
		finally {
			sourceProxy.disarm();
		}
		List<JsonNode> lines = index(backup, "counted");
		JsonNode summary = lines.get(lines.size() - 1);
		assertThat(summary.path("read").asInt()).isEqualTo(1);
		assertThat(summary.path("readBytes").asLong()).isEqualTo(large.length);
		assertThat(summary.path("stored").asInt()).isEqualTo(1);
		// one body plus headers, listings and tags; two bodies would be over 12 MB
		assertThat(downloaded).isBetween((long) large.length, large.length + 256L * 1024);
		String sha256 = BucketsSourceComponent.sha256(large);
		String poolKey = "bp/objects/" + sha256.substring(0, 2) + "/" + sha256;
		assertThat(storage.getObjectAsBytes((r) -> r.bucket(STORAGE_BUCKET).key(poolKey)).asByteArray())
			.isEqualTo(large);
		try (var spooled = java.nio.file.Files.list(HOME.resolve("spool/buckets/counted"))) {
			assertThat(spooled).isEmpty();
		}
		client.deleteBackup(backup.id());
		await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(poolKeys()).doesNotContain(poolKey));
		source.deleteObject((r) -> r.bucket("c-big").key("large.bin"));
		source.deleteBucket((r) -> r.bucket("c-big"));
	}

	private BackupResponse backUp(BackplaneClient client, String label, Map<String, String> parameters) {
		return backUp(client, label, parameters, "minio");
	}

	private BackupResponse backUp(BackplaneClient client, String label, Map<String, String> parameters,
			String component) {
		BackupResponse created = client
			.createBackup(new CreateBackupRequest(label, List.of(component), "pool", parameters));
		BackupResponse ended = await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getBackup(created.id()), (b) -> b.status() != BackupStatus.STATUS_BACKING_UP);
		assertThat(ended.status()).as(ended.errorReason()).isEqualTo(BackupStatus.STATUS_READY);
		return ended;
	}

	private RestoreResponse restore(BackplaneClient client, BackupResponse backup, CreateRestoreRequest request) {
		RestoreResponse started = client.createRestore(backup.id(), request);
		return await().atMost(Duration.ofMinutes(2))
			.until(() -> client.getRestore(backup.id(), started.id()),
					(r) -> r.status() != RestoreStatus.STATUS_RESTORING);
	}

	private static List<JsonNode> index(BackupResponse backup, String component) throws IOException {
		String key = "bp/" + backup.components().get(component).artifactKey();
		List<JsonNode> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(new GZIPInputStream(storage.getObject((r) -> r.bucket(STORAGE_BUCKET).key(key))),
						StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				lines.add(JSON.readTree(line));
			}
		}
		return lines;
	}

	private static JsonNode summary(BackupResponse backup) throws IOException {
		List<JsonNode> lines = index(backup, "minio");
		JsonNode last = lines.get(lines.size() - 1);
		assertThat(last.path("type").asString()).isEqualTo("summary");
		return last;
	}

	private static List<String> bucketsOf(BackupResponse backup) throws IOException {
		return bucketsOf(backup, "minio");
	}

	private static List<String> bucketsOf(BackupResponse backup, String component) throws IOException {
		return index(backup, component).stream()
			.filter((l) -> l.path("type").asString().equals("bucket"))
			.map((l) -> l.path("bucket").asString())
			.toList();
	}

	private static int distinctContents(BackupResponse backup) throws IOException {
		return referencedBy(backup).size();
	}

	private static Set<String> referencedBy(BackupResponse... backups) throws IOException {
		Set<String> keys = new TreeSet<>();
		for (BackupResponse backup : backups) {
			String component = backup.components().keySet().iterator().next();
			for (JsonNode line : index(backup, component)) {
				if (line.has("sha256")) {
					String sha256 = line.path("sha256").asString();
					keys.add("bp/objects/" + sha256.substring(0, 2) + "/" + sha256);
				}
			}
		}
		return keys;
	}

	private static Set<String> poolKeys() {
		Set<String> keys = new TreeSet<>();
		storage.listObjectsV2Paginator((r) -> r.bucket(STORAGE_BUCKET).prefix("bp/objects/"))
			.contents()
			.forEach((o) -> keys.add(o.key()));
		return keys;
	}

	private static boolean bucketExists(String bucket) {
		try {
			source.headBucket((r) -> r.bucket(bucket));
			return true;
		}
		catch (NoSuchBucketException ex) {
			return false;
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return false;
			}
			throw ex;
		}
	}

	private static void assertSameBuckets(String expected, String actual) {
		assertSameBuckets(source, expected, source, actual);
	}

	private static void assertSameBuckets(S3Client expectedClient, String expected, S3Client actualClient,
			String actual) {
		Map<String, Long> expectedKeys = new TreeMap<>();
		expectedClient.listObjectsV2Paginator((r) -> r.bucket(expected))
			.contents()
			.forEach((o) -> expectedKeys.put(o.key(), o.size()));
		Map<String, Long> actualKeys = new TreeMap<>();
		actualClient.listObjectsV2Paginator((r) -> r.bucket(actual))
			.contents()
			.forEach((o) -> actualKeys.put(o.key(), o.size()));
		assertThat(actualKeys).isEqualTo(expectedKeys);
		Set<String> checked = new HashSet<>();
		for (String key : expectedKeys.keySet()) {
			ResponseBytes<GetObjectResponse> a = expectedClient.getObjectAsBytes((r) -> r.bucket(expected).key(key));
			ResponseBytes<GetObjectResponse> b = actualClient.getObjectAsBytes((r) -> r.bucket(actual).key(key));
			assertThat(b.asByteArray()).as(key).isEqualTo(a.asByteArray());
			assertThat(b.response().contentType()).as(key).isEqualTo(a.response().contentType());
			assertThat(b.response().contentEncoding()).as(key).isEqualTo(a.response().contentEncoding());
			assertThat(b.response().cacheControl()).as(key).isEqualTo(a.response().cacheControl());
			Map<String, String> metadata = new TreeMap<>(b.response().metadata());
			// a mirror records where each object came from and its SHA-256
			metadata.keySet().removeIf((k) -> k.startsWith("backplane-"));
			assertThat(metadata).as(key).isEqualTo(a.response().metadata());
			checked.add(key);
		}
		assertThat(checked).hasSize(expectedKeys.size());
	}

}
