package org.backplane.service.source.buckets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.backplane.service.source.PooledSourceComponent.BackupRun;
import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.SourceComponent.Progress;
import org.backplane.service.source.SourceComponent.RestoreOptions;
import org.backplane.service.testservers.MotoServer;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A bucket's settings (versioning, policy, tags, object lock) and its objects' tags,
 * backed up and restored against Moto's S3 server, which implements them (S3Proxy does
 * not), and a restore into a service that does not implement them: refused before any
 * object is written, unless {@code SKIP_UNSUPPORTED_SETTINGS=true}.
 */
class BucketSettingsIntegrationTests {

	private static final String BUCKET = "settings-src";

	private static final String POLICY = """
			{"Version":"2012-10-17","Statement":[{"Sid":"read","Effect":"Allow","Principal":"*",\
			"Action":"s3:GetObject","Resource":"arn:aws:s3:::settings-src/*"}]}""";

	private static MotoServer moto;

	private static S3Client s3;

	@TempDir
	Path spool;

	@BeforeAll
	static void start() {
		Optional<MotoServer> started = MotoServer.startIfInstalled();
		if (started.isEmpty()) {
			String why = "moto_server is not on the PATH (pip install 'moto[server]'): bucket settings and object tags "
					+ "are NOT tested against a server that implements them";
			System.err.println("*** SKIPPED BucketSettingsIntegrationTests: " + why + " ***");
			Assumptions.abort(why);
		}
		moto = started.get();
		s3 = BucketsSourceIntegrationTests.client(moto.endpoint());
		s3.createBucket((r) -> r.bucket(BUCKET).objectLockEnabledForBucket(true));
		s3.putBucketVersioning((r) -> r.bucket(BUCKET).versioningConfiguration((v) -> v.status("Enabled")));
		s3.putBucketPolicy((r) -> r.bucket(BUCKET).policy(POLICY));
		s3.putBucketTagging((r) -> r.bucket(BUCKET)
			.tagging((t) -> t.tagSet(Tag.builder().key("team").value("data").build(),
					Tag.builder().key("env").value("prod").build())));
		s3.putObjectLockConfiguration((r) -> r.bucket(BUCKET)
			.objectLockConfiguration((c) -> c.objectLockEnabled("Enabled")
				.rule((rule) -> rule.defaultRetention((d) -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1)))));
		// a bucket with object lock takes puts with Content-MD5 only (so must a restore)
		byte[] a = "hello, settings".getBytes(StandardCharsets.UTF_8);
		s3.putObject((r) -> r.bucket(BUCKET)
			.key("docs/a.txt")
			.contentType("text/plain")
			.metadata(Map.of("origin", "settings-test"))
			.tagging("k=v&x=y")
			.contentMD5(BucketRestorer.md5(a, a.length)), RequestBody.fromBytes(a));
		byte[] b = { 1, 2, 3 };
		s3.putObject((r) -> r.bucket(BUCKET).key("b.bin").contentMD5(BucketRestorer.md5(b, b.length)),
				RequestBody.fromBytes(b));
	}

	@AfterAll
	static void stop() {
		if (s3 != null) {
			s3.close();
		}
		if (moto != null) {
			moto.close();
		}
	}

	@Test
	void settingsAndObjectTagsComeBackUnderTheMappedName() throws Exception {
		BucketsBackupOrderIntegrationTests.MemoryPool pool = new BucketsBackupOrderIntegrationTests.MemoryPool(
				new ArrayList<>());
		byte[] index = backUp(pool);
		JsonNode bucketLine = new BucketsSourceComponent.IndexReader(new ByteArrayInputStream(index)).bucket(BUCKET);
		assertThat(bucketLine.path("unsupported")).as("moto implements every setting").isEmpty();

		component(moto.endpoint(), "test", "test").restore(new ByteArrayInputStream(index), pool,
				new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, null, Map.of("ADD_BUCKET_PREFIX", "restored-")),
				Progress.NONE);

		String target = "restored-" + BUCKET;
		assertThat(s3.getBucketVersioning((r) -> r.bucket(target)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
		JsonNode policy = BucketsSourceComponent.JSON.readTree(s3.getBucketPolicy((r) -> r.bucket(target)).policy());
		assertThat(policy.path("Statement").path(0).path("Resource").asString())
			.isEqualTo("arn:aws:s3:::" + target + "/*");
		assertThat(BucketSettings.toMap(s3.getBucketTagging((r) -> r.bucket(target)).tagSet()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("team", "data", "env", "prod"));
		var lock = s3.getObjectLockConfiguration((r) -> r.bucket(target)).objectLockConfiguration();
		assertThat(lock.objectLockEnabledAsString()).isEqualTo("Enabled");
		assertThat(lock.rule().defaultRetention().mode()).isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
		assertThat(lock.rule().defaultRetention().days()).isEqualTo(1);

		ResponseBytes<GetObjectResponse> a = s3.getObjectAsBytes((r) -> r.bucket(target).key("docs/a.txt"));
		assertThat(a.asString(StandardCharsets.UTF_8)).isEqualTo("hello, settings");
		assertThat(a.response().contentType()).isEqualTo("text/plain");
		assertThat(a.response().metadata()).containsEntry("origin", "settings-test");
		assertThat(BucketSettings.toMap(s3.getObjectTagging((r) -> r.bucket(target).key("docs/a.txt")).tagSet()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("k", "v", "x", "y"));
		assertThat(s3.getObjectAsBytes((r) -> r.bucket(target).key("b.bin")).asByteArray()).containsExactly(1, 2, 3);
	}

	@Test
	void aTargetWithoutTheSettingsIsRefusedBeforeAnyObjectUnlessTold() throws Exception {
		BucketsBackupOrderIntegrationTests.MemoryPool pool = new BucketsBackupOrderIntegrationTests.MemoryPool(
				new ArrayList<>());
		byte[] index = backUp(pool);
		// S3Proxy implements none of them
		S3ProxyServer proxy = TestServers.bucketSource();
		BucketsSourceComponent intoProxy = component(proxy.endpoint(), S3ProxyServer.ACCESS_KEY,
				S3ProxyServer.SECRET_KEY);
		S3Client proxyClient = BucketsSourceIntegrationTests.client(proxy.endpoint());
		String target = "lacking-" + BUCKET;
		IOException refused = catchThrowableOfType(IOException.class,
				() -> intoProxy.restore(new ByteArrayInputStream(index), pool,
						new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, null, Map.of("ADD_BUCKET_PREFIX", "lacking-")),
						Progress.NONE));
		assertThat(refused).isNotNull();
		assertThat(refused.getMessage()).contains("does not implement bucket settings the backup holds")
			.contains(target)
			.contains("policy")
			.contains("nothing was restored")
			.contains("SKIP_UNSUPPORTED_SETTINGS=true");
		// the bucket it created is gone again
		S3Exception gone = catchThrowableOfType(S3Exception.class,
				() -> proxyClient.headBucket((r) -> r.bucket(target)));
		assertThat(gone).isNotNull();
		assertThat(gone.statusCode()).isEqualTo(404);

		intoProxy.restore(new ByteArrayInputStream(index), pool, new RestoreOptions(RestorePolicy.FAIL_IF_EXISTS, null,
				Map.of("ADD_BUCKET_PREFIX", "lacking-", "SKIP_UNSUPPORTED_SETTINGS", "true")), Progress.NONE);
		assertThat(proxyClient.getObjectAsBytes((r) -> r.bucket(target).key("docs/a.txt"))
			.asString(StandardCharsets.UTF_8)).isEqualTo("hello, settings");
		assertThatIOException()
			.isThrownBy(() -> intoProxy.checkOptions(
					new RestoreOptions(RestorePolicy.OVERWRITE, null, Map.of("SKIP_UNSUPPORTED_SETTINGS", "maybe"))))
			.withMessageContaining("is not a choice");
		proxyClient.close();
	}

	private byte[] backUp(BucketsBackupOrderIntegrationTests.MemoryPool pool) throws IOException {
		ByteArrayOutputStream index = new ByteArrayOutputStream();
		component(moto.endpoint(), "test", "test").backup(index, new BackupRun(pool, null, Map.of(), (t) -> {
		}, Progress.NONE, Progress.NONE));
		return index.toByteArray();
	}

	private BucketsSourceComponent component(URI endpoint, String accessKey, String secretKey) {
		BucketsSourceProperties properties = new BucketsSourceProperties("buckets", endpoint, "us-east-1", null,
				Map.of("ACCESS_KEY_ID", accessKey, "SECRET_ACCESS_KEY", secretKey), List.of(BUCKET), List.of(),
				RestorePolicy.FAIL_IF_EXISTS, null, 4, DataSize.ofMegabytes(1), DataSize.ofGigabytes(1),
				Duration.ofSeconds(10), Duration.ofSeconds(60), null, "us-east-1", null, null);
		return new BucketsSourceComponent("settings", properties, "settings-", this.spool);
	}

}
