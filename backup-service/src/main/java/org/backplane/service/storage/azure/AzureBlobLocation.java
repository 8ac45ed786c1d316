package org.backplane.service.storage.azure;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import org.backplane.service.storage.LocationParameters;
import org.backplane.service.storage.StorageKeys;
import org.backplane.service.storage.StorageLocation;

/**
 * An {@code azure://<account>/<container>/prefix?...} location, parsed and checked, with
 * its credentials resolved: the location's credentials map first, then the URI's
 * parameters, then the default Azure credential chain. Within one source: account key,
 * then SAS token, then service principal. Never printed whole: {@link #describe()} and
 * {@link #toString()} leave the secrets out.
 *
 * @param account the storage account
 * @param container the container
 * @param prefix the blob name prefix, empty or ending with {@code /}
 * @param endpoint the blob service URL, e.g.
 * {@code https://<account>.blob.core.windows.net} or Azurite's
 * {@code http://127.0.0.1:10000/devstoreaccount1}
 * @param accountKey the account key, or {@code null}
 * @param sasToken a SAS token, or {@code null}
 * @param clientId a service principal's client id, or {@code null}
 * @param tenantId a service principal's tenant id, or {@code null}
 * @param clientSecret a service principal's secret, or {@code null}
 */
record AzureBlobLocation(String account, String container, String prefix, String endpoint, String accountKey,
		String sasToken, String clientId, String tenantId, String clientSecret) {

	/** URI query parameters. */
	static final Set<String> PARAMETERS = Set.of("endpoint", "account_key", "sas_token", "client_id", "tenant_id",
			"client_secret");

	/** Keys of the credentials map, which take precedence over the URI. */
	static final Set<String> CREDENTIALS = Set.of("AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY", "AZURE_SAS_TOKEN",
			"CLIENT_ID", "TENANT_ID", "CLIENT_SECRET", "CONTAINER_NAME", "AZURE_STORAGE_ENDPOINT");

	/** The credentials that choose where a backup lives, not who may access it. */
	static final Set<String> PLACEMENT = Set.of("CONTAINER_NAME", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_ENDPOINT");

	static AzureBlobLocation parse(StorageLocation location) {
		URI uri = location.uri();
		LocationParameters.checkShape(uri, "azure", "azure://account/container/prefix", "the account",
				"use the credentials of the location");
		Map<String, String> credentials = LocationParameters.credentials("azure", location.credentials(), CREDENTIALS);
		LocationParameters parameters = LocationParameters.of(uri).requireOnly("azure", PARAMETERS);

		String account = LocationParameters.firstOf(credentials.get("AZURE_STORAGE_ACCOUNT"), uri.getAuthority());
		if (account == null || !account.matches("[a-z0-9]{3,24}")) {
			throw new IllegalArgumentException(
					"An azure location needs a storage account of 3 to 24 lower-case letters and digits: azure://account/container/prefix");
		}
		String path = (uri.getPath() != null) ? uri.getPath() : "";
		String[] parts = path.startsWith("/") ? path.substring(1).split("/", 2) : new String[] { "" };
		String container = LocationParameters.firstOf(credentials.get("CONTAINER_NAME"), parts[0]);
		String rest = (parts.length > 1) ? parts[1] : "";
		if (container == null || !container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
			throw new IllegalArgumentException("An azure location needs a container of 3 to 63 lower-case letters, "
					+ "digits and single hyphens: azure://account/container/prefix");
		}
		String prefix = prefix(rest);
		String endpoint = endpoint(
				LocationParameters.firstOf(credentials.get("AZURE_STORAGE_ENDPOINT"), parameters.get("endpoint")),
				account);

		String accountKey = null;
		String sasToken = null;
		String clientId = null;
		String tenantId = null;
		String clientSecret = null;
		if (hasAny(credentials, "AZURE_STORAGE_KEY", "AZURE_SAS_TOKEN", "CLIENT_ID", "TENANT_ID", "CLIENT_SECRET")) {
			accountKey = credentials.get("AZURE_STORAGE_KEY");
			sasToken = credentials.get("AZURE_SAS_TOKEN");
			clientId = credentials.get("CLIENT_ID");
			tenantId = credentials.get("TENANT_ID");
			clientSecret = credentials.get("CLIENT_SECRET");
		}
		else {
			accountKey = parameters.get("account_key");
			sasToken = parameters.get("sas_token");
			clientId = parameters.get("client_id");
			tenantId = parameters.get("tenant_id");
			clientSecret = parameters.get("client_secret");
		}
		accountKey = blankToNull(accountKey);
		sasToken = blankToNull(sasToken);
		if (sasToken != null && sasToken.startsWith("?")) {
			sasToken = sasToken.substring(1);
		}
		clientId = blankToNull(clientId);
		tenantId = blankToNull(tenantId);
		clientSecret = blankToNull(clientSecret);
		if (accountKey == null && sasToken == null && (clientId != null || tenantId != null || clientSecret != null)
				&& (clientId == null || tenantId == null || clientSecret == null)) {
			throw new IllegalArgumentException(
					"A service principal needs all of CLIENT_ID, TENANT_ID and CLIENT_SECRET (client_id, tenant_id, client_secret)");
		}
		return new AzureBlobLocation(account, container, prefix, endpoint, accountKey, sasToken, clientId, tenantId,
				clientSecret);
	}

	private static String prefix(String rest) {
		if (rest.isEmpty()) {
			return "";
		}
		String prefix = rest.endsWith("/") ? rest : rest + "/";
		try {
			StorageKeys.check(prefix.substring(0, prefix.length() - 1));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid prefix in azure location: " + ex.getMessage());
		}
		return prefix;
	}

	private static String endpoint(String value, String account) {
		if (value == null) {
			return "https://" + account + ".blob.core.windows.net";
		}
		LocationParameters.httpEndpoint(value, "azure endpoint", "http://127.0.0.1:10000/devstoreaccount1",
				" (give a SAS token as sas_token or AZURE_SAS_TOKEN)");
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	private static boolean hasAny(Map<String, String> map, String... keys) {
		for (String key : keys) {
			if (map.get(key) != null && !map.get(key).isEmpty()) {
				return true;
			}
		}
		return false;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/**
	 * The location without secrets, for people.
	 * @return e.g.
	 * {@code azure://account/container/prefix/?endpoint=http://127.0.0.1:10000/devstoreaccount1}
	 */
	String describe() {
		String base = "azure://" + this.account + "/" + this.container + "/" + this.prefix;
		return this.endpoint.equals("https://" + this.account + ".blob.core.windows.net") ? base
				: base + "?endpoint=" + this.endpoint;
	}

	/**
	 * Which credential is used, for people: never the credential itself.
	 * @return {@code account key}, {@code SAS token}, {@code service principal} or
	 * {@code default chain}
	 */
	String credentialSource() {
		if (this.accountKey != null) {
			return "account key";
		}
		if (this.sasToken != null) {
			return "SAS token";
		}
		if (this.clientId != null) {
			return "service principal";
		}
		return "default chain";
	}

	@Override
	public String toString() {
		return "AzureBlobLocation[" + describe() + ", credentials=" + credentialSource() + "]";
	}

}
