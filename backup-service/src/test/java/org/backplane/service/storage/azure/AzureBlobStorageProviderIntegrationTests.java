package org.backplane.service.storage.azure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import org.backplane.service.storage.StorageKeyNotFoundException;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageProviderContractTests;
import org.backplane.service.storage.StorageReachability;
import org.backplane.service.storage.TransferBudget;
import org.backplane.service.testservers.AzuriteServer;
import org.backplane.service.testservers.TestServersExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The storage contract and the Azure adapter's own behaviour against a real Azurite
 * process. Blocks (up and down) are 1 MB and list pages 100 names, so the large object
 * goes up and comes back in ~100 blocks and 1,000 keys take 10 pages.
 */
@ExtendWith(TestServersExtension.class)
class AzureBlobStorageProviderIntegrationTests extends StorageProviderContractTests {

	private static final String CONTAINER = "contract";

	private static final AtomicInteger runs = new AtomicInteger();

	private static final AzureBlobStorageProperties PROPERTIES = AzureBlobStorageProperties.defaults()
		.withSizes(1024 * 1024, 100);

	private final AzuriteServer server;

	private String prefix;

	AzureBlobStorageProviderIntegrationTests(AzuriteServer server) {
		this.server = server;
	}

	@Override
	protected StorageProvider createProvider() {
		this.prefix = "run-" + runs.incrementAndGet();
		BlobContainerClient container = adminContainer(CONTAINER);
		container.createIfNotExists();
		return create(uri(CONTAINER + "/" + this.prefix), accountKey());
	}

	@Override
	protected Set<String> secrets() {
		return Set.of(AzuriteServer.ACCOUNT_KEY);
	}

	@Test
	void putsAtOnceShareATightBudgetMovingFewerBlocksAndStillComplete() throws Exception {
		// Blocks of 1 MiB, 4 in flight per put by the settings; room for two blocks in
		// all
		long blockSize = PROPERTIES.blockSize().toBytes();
		TransferBudget budget = TransferBudget.of(2 * blockSize);
		StorageProvider tight = new AzureBlobStorageProviderFactory(PROPERTIES, budget)
			.create(location(uri(CONTAINER + "/" + this.prefix), accountKey()));
		try {
			long most = concurrentRoundTrips(tight, budget, "tight", 3, 6 * blockSize);
			// three first buffers beyond the budget at most, never the 3 × 5 blocks the
			// settings allow; the gets hold one download block each
			assertThat(most).isPositive().isLessThanOrEqualTo(2 * blockSize + 3 * blockSize);
		}
		finally {
			((AutoCloseable) tight).close();
		}
	}

	@Test
	void aDownloadHoldsItsChunkInTheBudgetUntilClosed() throws Exception {
		long chunk = PROPERTIES.downloadBlockSize().toBytes();
		TransferBudget budget = TransferBudget.of(chunk);
		StorageProvider provider = new AzureBlobStorageProviderFactory(PROPERTIES, budget)
			.create(location(uri(CONTAINER + "/" + this.prefix), accountKey()));
		try {
			byte[] content = new byte[3000];
			content[2999] = 7;
			provider.put("held/blob", new ByteArrayInputStream(content));
			InputStream first = provider.get("held/blob");
			InputStream second = provider.get("held/blob");
			assertThat(budget.taken()).as("one chunk per open download").isEqualTo(2 * chunk);
			assertThat(first.readAllBytes()).isEqualTo(content);
			first.close();
			first.close();
			assertThat(budget.taken()).as("closing twice hands the chunk back once").isEqualTo(chunk);
			second.close();
			assertThat(budget.taken()).isZero();
			assertThatExceptionOfType(StorageKeyNotFoundException.class).isThrownBy(() -> provider.get("held/none"));
			assertThat(budget.taken()).as("nothing held for a blob that is not there").isZero();
		}
		finally {
			((AutoCloseable) provider).close();
		}
	}

	@Test
	void sasTokenFromTheCredentialsMapWorks() throws Exception {
		String sas = adminContainer(CONTAINER).generateSas(new BlobServiceSasSignatureValues(
				OffsetDateTime.now().plusHours(1), BlobContainerSasPermission.parse("racwdl")));
		StorageProvider withSas = create(uri(CONTAINER + "/" + this.prefix), Map.of("AZURE_SAS_TOKEN", sas));
		try {
			withSas.put("sas/object", new ByteArrayInputStream(new byte[] { 1, 2 }));
			assertThat(this.provider.exists("sas/object")).isTrue();
			assertThat(withSas.describe()).doesNotContain("sig=");
		}
		finally {
			((AutoCloseable) withSas).close();
		}
	}

	@Test
	void accountKeyInTheUriWorksAndIsNeverDescribed() throws Exception {
		StorageProvider withUriKey = create(uri(CONTAINER + "/" + this.prefix) + "&account_key="
				+ java.net.URLEncoder.encode(AzuriteServer.ACCOUNT_KEY, java.nio.charset.StandardCharsets.UTF_8),
				Map.of());
		try {
			withUriKey.put("uri/key", new ByteArrayInputStream(new byte[] { 1 }));
			assertThat(this.provider.exists("uri/key")).isTrue();
			assertThat(withUriKey.describe()).doesNotContain(AzuriteServer.ACCOUNT_KEY)
				.isEqualTo("azure://devstoreaccount1/contract/" + this.prefix + "/?endpoint="
						+ this.server.blobEndpoint());
		}
		finally {
			((AutoCloseable) withUriKey).close();
		}
	}

	@Test
	void wrongKeyFailsWithAMessageNamingTheLocationButNotTheKey() throws Exception {
		String wrongKey = java.util.Base64.getEncoder().encodeToString("definitely-not-the-key-0123456789".getBytes());
		StorageProvider wrong = create(uri(CONTAINER + "/" + this.prefix),
				Map.of("AZURE_STORAGE_ACCOUNT", AzuriteServer.ACCOUNT, "AZURE_STORAGE_KEY", wrongKey));
		try {
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> wrong.put("denied", new ByteArrayInputStream(new byte[] { 1 })))
				.withMessageContaining("azure://devstoreaccount1/contract/")
				.withMessageContaining("403")
				.withMessageNotContaining(wrongKey);
		}
		finally {
			((AutoCloseable) wrong).close();
		}
		assertThat(this.provider.exists("denied")).isFalse();
	}

	@Test
	void missingContainerIsNamedInTheMessage() throws Exception {
		StorageProvider missing = create(uri("no-such-container/x"), accountKey());
		try {
			assertThatExceptionOfType(IOException.class).isThrownBy(((StorageReachability) missing)::checkReachable)
				.withMessageContaining("container no-such-container does not exist");
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> missing.put("k", new ByteArrayInputStream(new byte[] { 1 })))
				.withMessageContaining("no-such-container");
		}
		finally {
			((AutoCloseable) missing).close();
		}
		assertThatNoException().isThrownBy(((StorageReachability) this.provider)::checkReachable);
	}

	@Test
	void blobsLiveUnderTheLocationPrefix() throws IOException {
		put("under/prefix", "x");
		assertThat(adminContainer(CONTAINER).getBlobClient(this.prefix + "/under/prefix").exists()).isTrue();
	}

	@Test
	void factoryRejectsBadLocationsNamingTheProblem() {
		AzureBlobStorageProviderFactory factory = new AzureBlobStorageProviderFactory(PROPERTIES);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("azure://account1/container?endpiont=x", Map.of())))
			.withMessageContaining("endpiont");
		assertThatIllegalArgumentException().isThrownBy(
				() -> factory.create(location("azure://account1/container", Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t"))))
			.withMessageContaining("AWS_SECRET_ACCESS_KEY")
			.withMessageNotContaining("s3cr3t");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("azure://account1/container", Map.of("CLIENT_ID", "id"))))
			.withMessageContaining("TENANT_ID");
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create(location("azure://account1", Map.of())))
			.withMessageContaining("container");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> factory.create(location("azure://Bad_Account/c0n", Map.of())))
			.withMessageContaining("storage account");
	}

	@Test
	void servicePrincipalAndDefaultChainProvidersAreBuiltWithoutContactingAzure() throws Exception {
		AzureBlobStorageProviderFactory factory = new AzureBlobStorageProviderFactory(PROPERTIES);
		StorageProvider servicePrincipal = factory.create(location("azure://account1/container/p",
				Map.of("CLIENT_ID", "client", "TENANT_ID", "tenant", "CLIENT_SECRET", "very-secret")));
		StorageProvider defaultChain = factory.create(location("azure://account1/container/p", Map.of()));
		assertThat(servicePrincipal.describe()).isEqualTo("azure://account1/container/p/")
			.isEqualTo(defaultChain.describe());
		assertThat(servicePrincipal.toString()).doesNotContain("very-secret");
		((AutoCloseable) servicePrincipal).close();
		((AutoCloseable) defaultChain).close();
	}

	@Test
	void locationCredentialPrecedence() {
		AzureBlobLocation fromMap = AzureBlobLocation
			.parse(location("azure://account1/container/some/prefix?account_key=uri-key",
					Map.of("CLIENT_ID", "c", "TENANT_ID", "t", "CLIENT_SECRET", "s", "CONTAINER_NAME", "other")));
		assertThat(fromMap.credentialSource()).isEqualTo("service principal");
		assertThat(fromMap.accountKey()).isNull();
		assertThat(fromMap.container()).isEqualTo("other");
		assertThat(fromMap.prefix()).isEqualTo("some/prefix/");
		assertThat(fromMap.endpoint()).isEqualTo("https://account1.blob.core.windows.net");
		assertThat(fromMap.toString()).doesNotContain("s,").doesNotContain("uri-key");
		AzureBlobLocation fromUri = AzureBlobLocation
			.parse(location("azure://account1/container?account_key=uri-key&sas_token=%3Fsv%3D1%26sig%3Dx", Map.of()));
		assertThat(fromUri.credentialSource()).isEqualTo("account key");
		assertThat(fromUri.sasToken()).isEqualTo("sv=1&sig=x");
		assertThat(AzureBlobLocation.parse(location("azure://account1/container", Map.of())).credentialSource())
			.isEqualTo("default chain");
	}

	private String uri(String containerAndPrefix) {
		return "azure://" + AzuriteServer.ACCOUNT + "/" + containerAndPrefix + "?endpoint="
				+ this.server.blobEndpoint();
	}

	private StorageProvider create(String uri, Map<String, String> credentials) {
		return new AzureBlobStorageProviderFactory(PROPERTIES).create(location(uri, credentials));
	}

	private static StorageLocation location(String uri, Map<String, String> credentials) {
		return new StorageLocation("test", URI.create(uri), credentials);
	}

	private static Map<String, String> accountKey() {
		return Map.of("AZURE_STORAGE_KEY", AzuriteServer.ACCOUNT_KEY);
	}

	private BlobContainerClient adminContainer(String name) {
		return new AzureBlobStorageProviderFactory(PROPERTIES)
			.container(AzureBlobLocation.parse(location(uri(name), accountKey())));
	}

}
