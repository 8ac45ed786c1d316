package org.backplane.service.source.buckets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.backplane.service.source.RestorePolicy;
import org.backplane.service.source.RestoreRefusedException;
import org.backplane.service.source.SourceComponent.RestoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rules of the {@code buckets} source that need no server: which buckets a restore
 * writes and under which names, when an object counts as unchanged, and the checks of
 * configuration and parameters.
 */
class BucketsSourceComponentTests {

	private static final Path SPOOL = Path.of(System.getProperty("java.io.tmpdir"), "backplane-buckets-tests");

	private final BucketsSourceComponent component = (BucketsSourceComponent) new BucketsSourceComponentFactory(SPOOL)
		.create("minio", properties(List.of("*"), List.of("tmp-*")));

	@Test
	void restoreMapsBucketNamesWithPrefixes() throws Exception {
		assertThat(this.component.targets(List.of("photos", "logs"), Map.of("ADD_BUCKET_PREFIX", "restored-")))
			.containsExactly(Map.entry("photos", "restored-photos"), Map.entry("logs", "restored-logs"));
		assertThat(this.component.targets(List.of("minio-photos", "other"), Map.of("STRIP_BUCKET_PREFIX", "minio-")))
			.containsExactly(Map.entry("minio-photos", "photos"), Map.entry("other", "other"));
		assertThat(this.component.targets(List.of("photos", "logs", "logs-old"), Map.of("BUCKETS", "logs*")))
			.containsOnlyKeys("logs", "logs-old");
	}

	@Test
	void restoreRefusesBucketsItCannotName() {
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> this.component.targets(List.of("photos"), Map.of("BUCKETS", "nothing")))
			.withMessageContaining("matches no bucket of the backup")
			.withMessageContaining("photos");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> this.component.targets(List.of("ab"), Map.of("STRIP_BUCKET_PREFIX", "a")))
			.withMessageContaining("not a valid bucket name");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> this.component.targets(List.of("x-logs", "logs"), Map.of("STRIP_BUCKET_PREFIX", "x-")))
			.withMessageContaining("Two buckets would be restored into one");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> this.component.checkOptions(new RestoreOptions(RestorePolicy.OVERWRITE, "/elsewhere")))
			.withMessageContaining("not a targetPath");
		assertThatExceptionOfType(RestoreRefusedException.class)
			.isThrownBy(() -> this.component
				.checkOptions(new RestoreOptions(RestorePolicy.OVERWRITE, null, Map.of("ACCESS_KEY_ID", "only-one"))))
			.withMessageContaining("SECRET_ACCESS_KEY");
	}

	@Test
	void anObjectIsUnchangedOnlyWithTheSameEtagSizeAndTime() {
		ObjectNode before = BucketsSourceComponent.JSON.createObjectNode();
		before.put("size", 10);
		before.put("etag", "\"a\"");
		before.put("lastModified", "2026-12-06T10:00:00Z");
		before.put("sha256", "0".repeat(64));
		BucketsSourceComponent.PreviousLine line = BucketsSourceComponent.PreviousLine.of(before, before.toString());
		S3Object same = S3Object.builder()
			.key("k")
			.size(10L)
			.eTag("\"a\"")
			.lastModified(java.time.Instant.parse("2026-12-06T10:00:00Z"))
			.build();
		assertThat(BucketsSourceComponent.unchanged(line, same)).isTrue();
		// a same-size rewrite: the ETag changes
		assertThat(BucketsSourceComponent.unchanged(line, same.toBuilder().eTag("\"b\"").build())).isFalse();
		// or only the time (an ETag kept by the server)
		assertThat(BucketsSourceComponent.unchanged(line,
				same.toBuilder().lastModified(java.time.Instant.parse("2026-12-06T10:00:01Z")).build()))
			.isFalse();
		assertThat(BucketsSourceComponent.unchanged(line, same.toBuilder().size(11L).build())).isFalse();
	}

	@Test
	void bucketGlobsIncludeAndExclude() {
		BucketGlobs globs = new BucketGlobs(List.of("logs-*", "photos"), List.of("logs-tmp?"));
		assertThat(globs.matches("logs-2026")).isTrue();
		assertThat(globs.matches("photos")).isTrue();
		assertThat(globs.matches("photos2")).isFalse();
		assertThat(globs.matches("logs-tmp1")).isFalse();
		assertThat(globs.matches("a.b")).isFalse();
		assertThat(new BucketGlobs(List.of("a.b"), List.of()).matches("axb")).isFalse();
	}

	@Test
	void factoryRefusesBadConfigurationNamingTheKey() {
		BucketsSourceComponentFactory factory = new BucketsSourceComponentFactory(SPOOL);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create("m", withCredentials(Map.of("ACCESS_KEY_ID", "a"))))
			.withMessageContaining("credentials needs both");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create("m", withCredentials(Map.of("AWS_ACCESS_KEY_ID", "a"))))
			.withMessageContaining("credentials takes only");
		assertThat(this.component.describe()).contains("except [tmp-*]").doesNotContain("secret");
	}

	@Test
	void aComponentDeletesTheSpooledObjectsAKilledProcessLeft(@TempDir Path root) throws Exception {
		Path leftover = root.resolve("minio/object-1.spool");
		Files.createDirectories(leftover.getParent());
		Files.write(leftover, new byte[10]);
		Path other = root.resolve("other/object-2.spool");
		Files.createDirectories(other.getParent());
		Files.write(other, new byte[10]);
		BucketsSourceComponent built = (BucketsSourceComponent) new BucketsSourceComponentFactory(root).create("minio",
				properties(List.of("*"), List.of()));
		assertThat(built.spool()).isEqualTo(root.resolve("minio"));
		assertThat(leftover).doesNotExist();
		// another component's folder is its own to sweep
		assertThat(other).exists();
	}

	@Test
	void theSpoolBudgetBoundsTheBytesSpooledAtOnce() throws Exception {
		SpoolBudget budget = new SpoolBudget(100);
		long a = budget.acquire(60);
		assertThat(a).isEqualTo(60);
		assertThat(budget.used()).isEqualTo(60);
		budget.release(a);
		// an object larger than the budget takes all of it, so it is spooled alone
		long big = budget.acquire(1000);
		assertThat(big).isEqualTo(100);
		assertThat(budget.used()).isEqualTo(100);
		budget.release(big);
		// an empty object still counts one byte
		assertThat(budget.acquire(0)).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> new SpoolBudget(0));
	}

	private static BucketsSourceProperties properties(List<String> buckets, List<String> exclude) {
		return new BucketsSourceProperties("buckets", java.net.URI.create("http://127.0.0.1:9000"), "us-east-1", null,
				Map.of("ACCESS_KEY_ID", "id", "SECRET_ACCESS_KEY", "secret"), buckets, exclude,
				RestorePolicy.FAIL_IF_EXISTS, null, 8, org.springframework.util.unit.DataSize.ofMegabytes(8),
				org.springframework.util.unit.DataSize.ofGigabytes(2), java.time.Duration.ofSeconds(10),
				java.time.Duration.ofSeconds(60), null, "us-east-1", null, null);
	}

	private static BucketsSourceProperties withCredentials(Map<String, String> credentials) {
		return new BucketsSourceProperties("buckets", null, "us-east-1", null, credentials, null, null,
				RestorePolicy.FAIL_IF_EXISTS, null, 8, org.springframework.util.unit.DataSize.ofMegabytes(8),
				org.springframework.util.unit.DataSize.ofGigabytes(2), java.time.Duration.ofSeconds(10),
				java.time.Duration.ofSeconds(60), null, "us-east-1", null, null);
	}

}
