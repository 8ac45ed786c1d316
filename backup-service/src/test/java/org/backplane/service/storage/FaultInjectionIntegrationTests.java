package org.backplane.service.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.ComponentResult;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.testservers.AzuriteServer;
import org.backplane.service.testservers.S3ProxyServer;
import org.backplane.service.testservers.TestServers;
import org.backplane.service.testsupport.FaultProxy;
import org.backplane.service.testsupport.FaultProxy.Direction;
import org.backplane.service.testsupport.FaultProxy.Fault;
import org.backplane.service.testsupport.FaultProxy.Kind;
import org.backplane.service.testsupport.ServiceHome;
import org.backplane.service.testsupport.SyntheticSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault-injection suite: backups and restores through the whole service to S3Proxy
 * and Azurite, each behind a {@link FaultProxy} that answers 503/500, resets connections
 * mid-body or stalls them past the client's timeout, at a random point (seeded) of the
 * upload or the download, once or several times. Whatever happens:
 * <ul>
 * <li>a backup ends READY with an artifact whose stored bytes have the recorded SHA-256
 * and a manifest, or ERROR with the storage's own reason (status, code or message; never
 * "The reading side of the pipe was closed") and nothing stored under its folder;</li>
 * <li>a restore ends READY with the exact data (the synthetic source checks every
 * record), or ERROR with the storage's reason;</li>
 * <li>nothing is left in unfinished S3 multipart uploads (one whose abort failed too is
 * aborted by the periodic sweep, every second here). For Azure, committed blobs are
 * checked; uncommitted blocks of a failed put are listed and reported but not asserted:
 * Backplane does not remove them (they carry random block ids, are never listed as blobs
 * and Azure discards them after a week).</li>
 * </ul>
 * Tagged {@code slow}: CI runs {@code -Dbackplane.faults.rounds} rounds (default 3 per
 * storage); the long form is documented in docs/operations.md. A failure names the seed;
 * {@code -Dbackplane.faults.seed=<seed>} replays it.
 */
@Tag("slow")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "backplane.components.faulty.type=synthetic", "backplane.components.faulty.items=40",
				"backplane.components.faulty.item-size=200000", "backplane.components.faulty.restore-policy=overwrite",
				"backplane.runner.polling-interval=200ms", "backplane.runner.heartbeat-interval=500ms",
				"backplane.runner.stale-after=5s", "backplane.runner.reaper-interval=1s",
				"backplane.runner.sweep-interval=1s", "backplane.storage.s3.part-size=5MB",
				"backplane.storage.s3.download-range-size=1MB", "backplane.storage.s3.max-attempts=3",
				"backplane.storage.s3.retry-base-delay=50ms", "backplane.storage.s3.retry-max-delay=200ms",
				"backplane.storage.s3.socket-timeout=3s", "backplane.storage.s3.connect-timeout=2s",
				"backplane.storage.azure.block-size=1MB", "backplane.storage.azure.download-block-size=1MB",
				"backplane.storage.azure.max-tries=3", "backplane.storage.azure.retry-delay=50ms",
				"backplane.storage.azure.max-retry-delay=200ms", "backplane.storage.azure.try-timeout=4s",
				"server.address=127.0.0.1" })
class FaultInjectionIntegrationTests {

	private static final Path HOME = ServiceHome.newDirectory("faults");

	private static final String CONTAINER = "faults";

	private static final String COMPONENT = "faulty";

	private static final long ARTIFACT_BYTES = 40L * 200_000;

	private static final Duration STALL = Duration.ofSeconds(6);

	private static final String PIPE_CLOSED = "The reading side of the pipe was closed";

	private static FaultProxy s3Proxy;

	private static FaultProxy azureProxy;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void locations(DynamicPropertyRegistry registry) {
		S3ProxyServer s3 = TestServers.s3proxy();
		s3.createBucket(CONTAINER);
		AzuriteServer azurite = TestServers.azurite();
		new BlobServiceClientBuilder().connectionString(azurite.connectionString())
			.buildClient()
			.getBlobContainerClient(CONTAINER)
			.createIfNotExists();
		s3Proxy = FaultProxy.start(s3.endpoint());
		URI azureEndpoint = URI.create(azurite.blobEndpoint());
		azureProxy = FaultProxy.start(azureEndpoint);
		registry.add("backplane.home", () -> HOME.toString());
		registry.add("backplane.storage.locations.s3.uri", () -> "s3://" + CONTAINER + "/backplane?endpoint="
				+ s3Proxy.endpoint(s3.endpoint()) + "&checksums=when_required");
		registry.add("backplane.storage.locations.s3.credentials[AWS_ACCESS_KEY_ID]", () -> S3ProxyServer.ACCESS_KEY);
		registry.add("backplane.storage.locations.s3.credentials[AWS_SECRET_ACCESS_KEY]",
				() -> S3ProxyServer.SECRET_KEY);
		registry.add("backplane.storage.locations.azure.uri", () -> "azure://" + AzuriteServer.ACCOUNT + "/" + CONTAINER
				+ "/backplane?endpoint=" + azureProxy.endpoint(azureEndpoint));
		registry.add("backplane.storage.locations.azure.credentials[AZURE_STORAGE_KEY]",
				() -> AzuriteServer.ACCOUNT_KEY);
	}

	@AfterAll
	static void stopProxies() {
		if (s3Proxy != null) {
			s3Proxy.close();
		}
		if (azureProxy != null) {
			azureProxy.close();
		}
	}

	@Test
	void everyFaultEndsReadyWithVerifiedDataOrErrorWithTheStoragesReasonAndLeavesNothing() throws Exception {
		long seed = Long.getLong("backplane.faults.seed", System.nanoTime());
		int rounds = Integer.getInteger("backplane.faults.rounds", 3);
		System.out.println("Fault injection: seed=" + seed + " rounds=" + rounds);
		Random random = new Random(seed);
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		List<String> outcomes = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			for (String location : List.of("s3", "azure")) {
				FaultProxy proxy = location.equals("s3") ? s3Proxy : azureProxy;
				Round context = new Round(seed, round, location);
				outcomes.add(context + ": " + backupAndRestore(client, proxy, random, context));
			}
		}
		System.out.println("Fault injection: seed=" + seed + "\n  " + String.join("\n  ", outcomes));
	}

	private String backupAndRestore(BackplaneClient client, FaultProxy proxy, Random random, Round round)
			throws Exception {
		int generation = random.nextInt(1_000_000);
		SyntheticSource.GENERATIONS.put(COMPONENT, generation);
		Fault backupFault = randomFault(random, Direction.UPLOAD);
		round.backupFault = backupFault;
		proxy.arm(backupFault);
		BackupResponse backup;
		try {
			BackupResponse created = client
				.createBackup(new CreateBackupRequest("faults", List.of(COMPONENT), round.location, null));
			backup = await().atMost(Duration.ofMinutes(3))
				.until(() -> client.getBackup(created.id()), (b) -> b.status() != BackupStatus.STATUS_BACKING_UP);
		}
		finally {
			proxy.disarm();
		}
		round.fired = proxy.fired().size();
		String outcome;
		if (backup.status() == BackupStatus.STATUS_READY) {
			assertArtifactVerifies(backup, round);
			outcome = "backup READY";
		}
		else {
			assertThat(backup.status()).as(round.describe(proxy)).isEqualTo(BackupStatus.STATUS_ERROR);
			assertStoragesReason(backup.errorReason(), backupFault, round, proxy);
			assertNothingStored(backup.id(), round, proxy);
			outcome = "backup ERROR (" + backup.errorReason() + ")";
		}
		assertNoUnfinishedWrites(round, proxy);
		if (backup.status() != BackupStatus.STATUS_READY) {
			return outcome;
		}
		SyntheticSource.TARGETS.remove(COMPONENT);
		Fault restoreFault = randomFault(random, Direction.DOWNLOAD);
		round.restoreFault = restoreFault;
		proxy.arm(restoreFault);
		RestoreResponse restore;
		try {
			RestoreResponse created = client.createRestore(backup.id(),
					new CreateRestoreRequest(List.of(COMPONENT), "overwrite", null, null));
			restore = await().atMost(Duration.ofMinutes(3))
				.until(() -> client.getRestore(backup.id(), created.id()),
						(r) -> r.status() != RestoreStatus.STATUS_RESTORING);
		}
		finally {
			proxy.disarm();
		}
		if (restore.status() == RestoreStatus.STATUS_READY) {
			assertThat(SyntheticSource.TARGETS.get(COMPONENT)).as("restored generation, " + round.describe(proxy))
				.isEqualTo(generation);
			return outcome + ", restore READY";
		}
		assertThat(restore.status()).as(round.describe(proxy)).isEqualTo(RestoreStatus.STATUS_ERROR);
		assertStoragesReason(restore.errorReason(), restoreFault, round, proxy);
		assertThat(SyntheticSource.TARGETS.get(COMPONENT))
			.as("a failed restore restored nothing, " + round.describe(proxy))
			.isNull();
		return outcome + ", restore ERROR (" + restore.errorReason() + ")";
	}

	/**
	 * A fault at a random point of the artifact's bytes, fired once (the client's retries
	 * get past it), a few times or until the client gives up.
	 */
	private static Fault randomFault(Random random, Direction direction) {
		Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
		long after = (long) (random.nextDouble() * ARTIFACT_BYTES);
		int[] times = (kind == Kind.STALL) ? new int[] { 1, 3 } : new int[] { 1, 2, 4, 50 };
		return new Fault(kind, direction, after, times[random.nextInt(times.length)], STALL);
	}

	/**
	 * The stored bytes of every artifact have the SHA-256 the catalogue recorded, read
	 * straight from the server, and the manifest is stored.
	 */
	private static void assertArtifactVerifies(BackupResponse backup, Round round) throws Exception {
		for (ComponentResult component : backup.components().values()) {
			String key = "backplane/" + component.artifactKey();
			try (InputStream in = open(round.location, key)) {
				assertThat(sha256(in)).as("stored artifact " + key + ", " + round).isEqualTo(component.sha256());
			}
		}
		assertThat(storedUnder(round.location, "backplane/backups/" + backup.id() + "/")).as("manifest, " + round)
			.contains("backplane/backups/" + backup.id() + "/backup.json");
	}

	private static void assertStoragesReason(String reason, Fault fault, Round round, FaultProxy proxy) {
		String what = round.describe(proxy) + " reason: " + reason;
		assertThat(reason).as(what).isNotBlank().doesNotContain(PIPE_CLOSED).doesNotContain("Exception");
		if (fault.kind() == Kind.HTTP_503 || fault.kind() == Kind.HTTP_500) {
			// the reason is the last attempt's: the injected status, unless that attempt
			// failed otherwise (a timeout on a busy machine)
			String status = (fault.kind() == Kind.HTTP_503) ? "503" : "500";
			assertThat(reason).as(what)
				.containsAnyOf("status " + status, "Status Code: " + status, "timed out", "Connection reset");
		}
	}

	private static void assertNothingStored(String backupId, Round round, FaultProxy proxy) {
		assertThat(storedUnder(round.location, "backplane/backups/" + backupId + "/"))
			.as("what the failed backup stored, " + round.describe(proxy))
			.isEmpty();
	}

	private static void assertNoUnfinishedWrites(Round round, FaultProxy proxy) {
		if (round.location.equals("s3")) {
			// an upload whose abort failed too (the storage still failing) is aborted by
			// the
			// sweep (every second here)
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				try (S3Client s3 = s3Client()) {
					List<MultipartUpload> uploads = s3
						.listMultipartUploads((request) -> request.bucket(CONTAINER).prefix("backplane/"))
						.uploads();
					assertThat(uploads).as("unfinished multipart uploads, " + round.describe(proxy)).isEmpty();
				}
			});
		}
		else {
			// uncommitted blocks are reported, not asserted (see the class comment)
			List<String> uncommitted = azure()
				.listBlobs(new ListBlobsOptions().setPrefix("backplane/")
					.setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true)), null)
				.stream()
				.map(BlobItem::getName)
				.filter((name) -> !storedUnder("azure", name).contains(name))
				.toList();
			if (!uncommitted.isEmpty()) {
				System.out.println("Fault injection: uncommitted Azure blobs after " + round + ": " + uncommitted);
			}
		}
	}

	private static List<String> storedUnder(String location, String prefix) {
		if (location.equals("s3")) {
			try (S3Client s3 = s3Client()) {
				return s3.listObjectsV2Paginator((request) -> request.bucket(CONTAINER).prefix(prefix))
					.contents()
					.stream()
					.map((object) -> object.key())
					.toList();
			}
		}
		return azure().listBlobs(new ListBlobsOptions().setPrefix(prefix), null)
			.stream()
			.map(BlobItem::getName)
			.toList();
	}

	private static InputStream open(String location, String key) {
		if (location.equals("s3")) {
			S3Client s3 = s3Client();
			InputStream in = s3.getObject((request) -> request.bucket(CONTAINER).key(key));
			return new java.io.FilterInputStream(in) {
				@Override
				public void close() throws java.io.IOException {
					super.close();
					s3.close();
				}
			};
		}
		return azure().getBlobClient(key).openInputStream();
	}

	private static String sha256(InputStream in) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
			digesting.transferTo(java.io.OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** Straight to S3Proxy, not through the fault proxy. */
	private static S3Client s3Client() {
		return S3Client.builder()
			.endpointOverride(TestServers.s3proxy().endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
			.build();
	}

	/** Straight to Azurite, not through the fault proxy. */
	private static BlobContainerClient azure() {
		return new BlobServiceClientBuilder().connectionString(TestServers.azurite().connectionString())
			.buildClient()
			.getBlobContainerClient(CONTAINER);
	}

	/** One round on one storage, for failure messages. */
	private static final class Round {

		private final long seed;

		private final int number;

		private final String location;

		private Fault backupFault;

		private Fault restoreFault;

		private int fired;

		Round(long seed, int number, String location) {
			this.seed = seed;
			this.number = number;
			this.location = location;
		}

		String describe(FaultProxy proxy) {
			List<String> lines = proxy.fired();
			return this + " backup fault [" + this.backupFault + "] restore fault [" + this.restoreFault + "] fired: "
					+ lines.subList(Math.max(0, lines.size() - 8), lines.size());
		}

		@Override
		public String toString() {
			return "seed=" + this.seed + " round=" + this.number + " " + this.location;
		}

	}

}
