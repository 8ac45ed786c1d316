package org.backplane.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosBackupInfoResponse;
import org.backplane.client.dcos.DcosBackupList;
import org.backplane.client.dcos.DcosCreateRequest;
import org.backplane.client.dcos.DcosIdRequest;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.client.model.BackupPage;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.ComponentInfo;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.RestoreResponse;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client for the Backplane API over {@link HttpClient}. Thread-safe. Error answers become
 * {@link BackplaneApiException}; connection failures become {@link UncheckedIOException}.
 */
public class BackplaneClient {

	private static final String DCOS_PREFIX = "system/v1/backup/v1/";

	private final URI baseUri;

	private final HttpClient http;

	private final JsonMapper json;

	private final String authorization;

	private final Duration requestTimeout;

	private BackplaneClient(Builder builder) {
		String base = builder.baseUri.toString();
		this.baseUri = URI.create(base.endsWith("/") ? base : base + "/");
		this.http = (builder.httpClient != null) ? builder.httpClient
				: HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
		this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.authorization = builder.authorization;
		this.requestTimeout = builder.requestTimeout;
	}

	/**
	 * Starts building a client for a service.
	 * @param baseUri the service's base URI, e.g. {@code http://127.0.0.1:8080}
	 * @return a builder
	 */
	public static Builder builder(URI baseUri) {
		return new Builder(baseUri);
	}

	// ---- native API ----

	/**
	 * Starts a backup ({@code POST /api/v1/backups}).
	 * @param request the request
	 * @return the new backup, status {@code STATUS_BACKING_UP}
	 */
	public BackupResponse createBackup(CreateBackupRequest request) {
		return send("POST", "api/v1/backups", request, BackupResponse.class);
	}

	/**
	 * Reads a backup.
	 * @param id the backup's id
	 * @return the backup
	 */
	public BackupResponse getBackup(String id) {
		return send("GET", "api/v1/backups/" + encode(id), null, BackupResponse.class);
	}

	/**
	 * Lists backups, newest first.
	 * @param prefix only ids starting with this, or {@code null}
	 * @param status only this status, or {@code null}
	 * @param limit page size, or {@code null} for the service's default
	 * @param cursor the cursor from the previous page, or {@code null} for the first
	 * @return one page
	 */
	public BackupPage listBackups(String prefix, String status, Integer limit, String cursor) {
		List<String> query = new ArrayList<>();
		addQuery(query, "prefix", prefix);
		addQuery(query, "status", status);
		addQuery(query, "limit", (limit != null) ? limit.toString() : null);
		addQuery(query, "cursor", cursor);
		return send("GET", "api/v1/backups" + (query.isEmpty() ? "" : "?" + String.join("&", query)), null,
				BackupPage.class);
	}

	/**
	 * Deletes a backup: its artifacts, then its record.
	 * @param id the backup's id
	 */
	public void deleteBackup(String id) {
		send("DELETE", "api/v1/backups/" + encode(id), null, Void.class);
	}

	/**
	 * Starts a restore.
	 * @param backupId the backup to restore
	 * @param request the request
	 * @return the new restore
	 */
	public RestoreResponse createRestore(String backupId, CreateRestoreRequest request) {
		return send("POST", "api/v1/backups/" + encode(backupId) + "/restores", request, RestoreResponse.class);
	}

	/**
	 * Reads a restore.
	 * @param backupId the backup it restores
	 * @param restoreId the restore's id
	 * @return the restore
	 */
	public RestoreResponse getRestore(String backupId, String restoreId) {
		return send("GET", "api/v1/backups/" + encode(backupId) + "/restores/" + encode(restoreId), null,
				RestoreResponse.class);
	}

	/**
	 * Lists the configured components.
	 * @return the components
	 */
	public List<ComponentInfo> listComponents() {
		return send("GET", "api/v1/components", null, new TypeReference<List<ComponentInfo>>() {
		});
	}

	// ---- DC/OS wire-compatible API ----

	/**
	 * DC/OS {@code POST create}.
	 * @param label the label
	 * @return the new backup
	 */
	public DcosBackupInfo dcosCreate(String label) {
		return send("POST", DCOS_PREFIX + "create", new DcosCreateRequest(label),
				new TypeReference<DcosBackupInfoResponse<DcosBackupInfo>>() {
				})
			.backupInfo();
	}

	/**
	 * DC/OS {@code GET list}.
	 * @param prefix only ids starting with this, or {@code null}
	 * @return the backups, empty when there are none
	 */
	public List<DcosBackupInfo> dcosList(String prefix) {
		String path = DCOS_PREFIX + "list" + ((prefix != null) ? "?prefix=" + encode(prefix) : "");
		DcosBackupList list = send("GET", path, null, DcosBackupList.class);
		return (list.backupInfo() != null) ? list.backupInfo() : List.of();
	}

	/**
	 * DC/OS {@code POST restore}.
	 * @param backupId the backup to restore
	 * @return the new restore
	 */
	public DcosRestoreInfo dcosRestore(String backupId) {
		return send("POST", DCOS_PREFIX + "restore", new DcosIdRequest(backupId),
				new TypeReference<DcosBackupInfoResponse<DcosRestoreInfo>>() {
				})
			.backupInfo();
	}

	/**
	 * DC/OS {@code DELETE delete}.
	 * @param backupId the backup to delete
	 */
	public void dcosDelete(String backupId) {
		send("DELETE", DCOS_PREFIX + "delete", new DcosIdRequest(backupId), Void.class);
	}

	// ---- plumbing ----

	private <T> T send(String method, String path, Object body, Class<T> type) {
		HttpResponse<String> response = exchange(method, path, body);
		if (type == Void.class || response.body().isEmpty()) {
			return null;
		}
		return this.json.readValue(response.body(), type);
	}

	private <T> T send(String method, String path, Object body, TypeReference<T> type) {
		HttpResponse<String> response = exchange(method, path, body);
		return this.json.readValue(response.body(), type);
	}

	private HttpResponse<String> exchange(String method, String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.baseUri.resolve(path))
			.timeout(this.requestTimeout)
			.header("Accept", "application/json, application/problem+json");
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot reach Backplane at " + this.baseUri + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new IOException("Interrupted while calling " + this.baseUri, ex));
		}
		if (response.statusCode() >= 400) {
			throw toException(response);
		}
		return response;
	}

	private BackplaneApiException toException(HttpResponse<String> response) {
		String type = null;
		String title = null;
		String detail = null;
		List<String> errors = null;
		try {
			JsonNode node = this.json.readTree(response.body());
			if (node != null && node.isObject()) {
				type = text(node, "type");
				title = text(node, "title");
				detail = text(node, "detail");
				JsonNode errorNodes = node.get("errors");
				if (errorNodes != null && errorNodes.isArray()) {
					errors = new ArrayList<>();
					for (JsonNode error : errorNodes) {
						errors.add(error.asString());
					}
				}
			}
		}
		catch (RuntimeException ex) {
			detail = response.body().isBlank() ? null : response.body();
		}
		return new BackplaneApiException(response.statusCode(), type, title, detail, errors);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

	private static void addQuery(List<String> query, String name, String value) {
		if (value != null) {
			query.add(name + "=" + encode(value));
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Builds a {@link BackplaneClient}.
	 */
	public static final class Builder {

		private final URI baseUri;

		private HttpClient httpClient;

		private String authorization;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration requestTimeout = Duration.ofSeconds(60);

		private Builder(URI baseUri) {
			this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
		}

		/**
		 * Uses a ready-made HTTP client (for TLS settings, proxies).
		 * @param httpClient the client
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * Sends this {@code Authorization} header value with every request, e.g. {@code token=<t>} or
		 * {@code Bearer <t>}.
		 * @param authorization the header value, or {@code null}
		 * @return this builder
		 */
		public Builder authorization(String authorization) {
			this.authorization = authorization;
			return this;
		}

		/**
		 * @param connectTimeout how long to wait for a connection
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = Objects.requireNonNull(connectTimeout);
			return this;
		}

		/**
		 * @param requestTimeout how long to wait for an answer
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = Objects.requireNonNull(requestTimeout);
			return this;
		}

		/**
		 * @return the client
		 */
		public BackplaneClient build() {
			return new BackplaneClient(this);
		}

	}

}
