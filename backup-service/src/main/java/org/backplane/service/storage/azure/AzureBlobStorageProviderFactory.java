package org.backplane.service.storage.azure;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Set;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.storage.LocationParameters;
import org.backplane.service.storage.StorageDestination;
import org.backplane.service.storage.StorageLocation;
import org.backplane.service.storage.StorageProvider;
import org.backplane.service.storage.StorageProviderFactory;
import org.backplane.service.storage.TransferBudget;

import org.springframework.util.function.SingletonSupplier;

/**
 * Creates {@link AzureBlobStorageProvider}s for
 * {@code azure://<account>/<container>/prefix} locations. Location parameters:
 * {@code endpoint} (Azurite, sovereign clouds), {@code account_key}, {@code sas_token},
 * {@code client_id}, {@code tenant_id}, {@code client_secret}. Credentials come, in
 * order, from the location's credentials map ({@link #CREDENTIAL_KEYS}), the URI's
 * parameters, then the default Azure credential chain (environment, workload identity,
 * managed identity, Azure CLI, ...); within one source an account key wins over a SAS
 * token, which wins over a service principal.
 */
public class AzureBlobStorageProviderFactory implements StorageProviderFactory {

	/** The keys a location's credentials map may hold for Azure; others are rejected. */
	public static final Set<String> CREDENTIAL_KEYS = AzureBlobLocation.CREDENTIALS;

	private static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

	static {
		// The JDK HttpClient refuses to let the SDK set Content-Length unless allowed,
		// and the SDK then logs a warning per request; allowing it changes nothing else
		// (see TEST-SERVERS.md). The JDK reads the property once, when its HTTP client is
		// first used: if that happened before (another library), setting it now would
		// make the SDK send a header the JDK then refuses (IllegalArgumentException on
		// every request), so the setting is checked and taken back when it came too late.
		if (System.getProperty(RESTRICTED_HEADERS) == null) {
			System.setProperty(RESTRICTED_HEADERS, "content-length");
			if (!jdkAllowsContentLength()) {
				System.clearProperty(RESTRICTED_HEADERS);
				LogFactory.getLog(AzureBlobStorageProviderFactory.class)
					.warn("The JDK HTTP client was initialised before " + RESTRICTED_HEADERS
							+ " could be set: the Azure SDK will log a warning per request; start the JVM with -D"
							+ RESTRICTED_HEADERS + "=content-length");
			}
		}
	}

	private static boolean jdkAllowsContentLength() {
		try {
			HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Content-Length", "0");
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private final AzureBlobStorageProperties properties;

	private final TransferBudget budget;

	/**
	 * Built with the first Azure location: a service without one never starts its
	 * selector or TLS context.
	 */
	private final SingletonSupplier<HttpClient> httpClient;

	/**
	 * Creates a factory whose providers are limited by their own settings only (for
	 * programs that drive a provider alone).
	 * @param properties the tuning shared by all Azure locations
	 */
	public AzureBlobStorageProviderFactory(AzureBlobStorageProperties properties) {
		this(properties, TransferBudget.unlimited());
	}

	/**
	 * Creates a factory.
	 * @param properties the tuning shared by all Azure locations
	 * @param budget the transfer buffers the service's transfers may hold at once, shared
	 * with other providers
	 */
	public AzureBlobStorageProviderFactory(AzureBlobStorageProperties properties, TransferBudget budget) {
		this.properties = properties;
		this.budget = budget;
		this.httpClient = SingletonSupplier.of(() -> new JdkHttpClientBuilder().build());
	}

	@Override
	public Set<String> schemes() {
		return Set.of("azure");
	}

	@Override
	public Set<String> requestParameters() {
		return AzureBlobLocation.CREDENTIALS;
	}

	@Override
	public Set<String> placementParameters() {
		return AzureBlobLocation.PLACEMENT;
	}

	/**
	 * The endpoint, and the account, which names the endpoint when none is given.
	 */
	@Override
	public Set<String> endpointParameters() {
		return Set.of("AZURE_STORAGE_ENDPOINT", "AZURE_STORAGE_ACCOUNT");
	}

	@Override
	public Set<String> bucketParameters() {
		return Set.of("CONTAINER_NAME");
	}

	/**
	 * The container, and the blob service URL (e.g.
	 * {@code https://<account>.blob.core.windows.net}).
	 */
	@Override
	public StorageDestination destination(StorageLocation location) {
		AzureBlobLocation azureLocation = AzureBlobLocation.parse(location);
		return new StorageDestination(azureLocation.container(),
				LocationParameters.normalEndpoint(URI.create(azureLocation.endpoint())));
	}

	@Override
	public StorageProvider create(StorageLocation location) {
		AzureBlobLocation azureLocation = AzureBlobLocation.parse(location);
		return new AzureBlobStorageProvider(azureLocation, container(azureLocation), this.properties, this.budget);
	}

	/**
	 * A put holds {@code (max-blocks-in-flight + 1) × block-size} (40 MB by default), a
	 * read one {@code download-block-size} chunk.
	 */
	@Override
	public long transferMemory() {
		long put = (this.properties.maxBlocksInFlight() + 1L) * this.properties.blockSize().toBytes();
		return Math.max(put, this.properties.downloadBlockSize().toBytes());
	}

	BlobContainerClient container(AzureBlobLocation location) {
		BlobServiceClientBuilder builder = new BlobServiceClientBuilder().endpoint(location.endpoint())
			.httpClient(this.httpClient.obtain())
			.retryOptions(retryOptions(this.properties));
		if (location.accountKey() != null) {
			builder.credential(new StorageSharedKeyCredential(location.account(), location.accountKey()));
		}
		else if (location.sasToken() != null) {
			builder.credential(new AzureSasCredential(location.sasToken()));
		}
		else if (location.clientId() != null) {
			builder.credential(new ClientSecretCredentialBuilder().tenantId(location.tenantId())
				.clientId(location.clientId())
				.clientSecret(location.clientSecret())
				.httpClient(this.httpClient.obtain())
				.build());
		}
		else {
			builder.credential(new DefaultAzureCredentialBuilder().httpClient(this.httpClient.obtain()).build());
		}
		return builder.buildClient().getBlobContainerClient(location.container());
	}

	/**
	 * The one place where Azure retries are tuned: exponential backoff; the SDK retries
	 * 5xx (except 501 and 505), 408, 429 and I/O failures, never other 4xx such as 403 or
	 * ContainerNotFound.
	 * @param properties the Azure adapter's tuning ({@code backplane.storage.azure.*})
	 * @return the retry options with the configured tries, per-try timeout and delays
	 */
	static RequestRetryOptions retryOptions(AzureBlobStorageProperties properties) {
		return new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, properties.maxTries(), properties.tryTimeout(),
				properties.retryDelay(), properties.maxRetryDelay(), null);
	}

}
