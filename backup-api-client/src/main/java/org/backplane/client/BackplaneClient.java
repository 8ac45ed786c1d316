package org.backplane.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.backplane.client.dcos.DcosBackupInfo;
import org.backplane.client.dcos.DcosBackupInfoResponse;
import org.backplane.client.dcos.DcosBackupList;
import org.backplane.client.dcos.DcosCreateRequest;
import org.backplane.client.dcos.DcosIdRequest;
import org.backplane.client.dcos.DcosRestoreInfo;
import org.backplane.client.dcos.PlanCommandResult;
import org.backplane.client.dcos.PlanInfo;
import org.backplane.client.dcos.PlanMessage;
import org.backplane.client.model.BackupPage;
import org.backplane.client.model.BackupResponse;
import org.backplane.client.model.ComponentInfo;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.CreateRestoreRequest;
import org.backplane.client.model.DeleteBackupRequest;
import org.backplane.client.model.MirrorRequest;
import org.backplane.client.model.MirrorRunResponse;
import org.backplane.client.model.PatchBackupRequest;
import org.backplane.client.model.RestoreResponse;
import org.backplane.client.model.RetentionReport;
import org.backplane.client.model.RetentionRequest;
import org.backplane.client.model.ScheduleRequest;
import org.backplane.client.model.ScheduleResponse;
import org.backplane.client.model.StorageLocationInfo;
import org.backplane.client.model.StorageSyncResult;
import org.backplane.client.model.VerifyBackupRequest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client for the Backplane API over the JDK's {@link HttpClient}: the native API
 * ({@code /api/v1}) and the DC/OS wire-compatible API ({@code /system/v1/backup/v1}).
 * Thread-safe; build one with {@link #builder(URI)} and share it.
 * <p>
 * Errors: an error answer becomes a {@link BackplaneApiException} (see
 * {@link BackplaneApiException#getKind()}); a service that cannot be reached or does not
 * answer in time becomes a {@link BackplaneUnreachableException}. Credentials never
 * appear in exception messages.
 * <p>
 * Behind DC/OS Admin Router ({@link Builder#adminRouter(boolean)}) the service is mounted
 * at {@code /system/v1/backup/}: the native API is then looked for under
 * {@code /system/v1/backup/api/v1/} first and, when that route does not exist (a 404 that
 * is not one of Backplane's problems), under {@code /api/v1/}; the path that answered is
 * remembered.
 */
public final class BackplaneClient {

	/**
	 * Where the DC/OS wire-compatible API lives, relative to the base URI, by default.
	 */
	public static final String DEFAULT_DCOS_API_PATH = "system/v1/backup/v1/";

	/** Where the native API lives on a plain Backplane. */
	public static final String NATIVE_API_PATH = "api/v1/";

	/**
	 * Where the native API lives behind DC/OS Admin Router (which strips
	 * {@code /system/v1/backup}).
	 */
	public static final String ADMIN_ROUTER_NATIVE_API_PATH = "system/v1/backup/api/v1/";

	private final URI baseUri;

	/**
	 * The JDK HttpClient, or {@code null} when requests go through
	 * {@link HttpURLConnection}.
	 */
	private final HttpClient http;

	/**
	 * TLS settings for {@link HttpURLConnection}, or {@code null} for the JVM's defaults.
	 */
	private final SSLContext sslContext;

	private final boolean insecure;

	private final Duration connectTimeout;

	private final JsonMapper json;

	private final String authorization;

	private final Duration requestTimeout;

	private final String dcosApiPath;

	private final List<String> nativeApiPaths;

	private volatile String resolvedNativeApiPath;

	private BackplaneClient(Builder builder) {
		String base = builder.baseUri.toString();
		this.baseUri = URI.create(base.endsWith("/") ? base : base + "/");
		boolean urlConnection = builder.lightweight && builder.httpClient == null;
		this.http = (builder.httpClient != null) ? builder.httpClient : urlConnection ? null : newHttpClient(builder);
		this.insecure = builder.insecure;
		this.connectTimeout = builder.connectTimeout;
		this.sslContext = !urlConnection ? null : builder.insecure ? insecureSslContext()
				: (builder.trustedCertificates != null) ? sslContextTrusting(builder.trustedCertificates) : null;
		this.json = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
		this.authorization = builder.authorization;
		this.requestTimeout = builder.requestTimeout;
		this.dcosApiPath = builder.dcosApiPath;
		this.nativeApiPaths = builder.adminRouter ? List.of(ADMIN_ROUTER_NATIVE_API_PATH, NATIVE_API_PATH)
				: List.of(NATIVE_API_PATH);
		this.resolvedNativeApiPath = (this.nativeApiPaths.size() == 1) ? this.nativeApiPaths.get(0) : null;
	}

	private static HttpClient newHttpClient(Builder builder) {
		HttpClient.Builder http = HttpClient.newBuilder()
			.connectTimeout(builder.connectTimeout)
			.followRedirects(HttpClient.Redirect.NORMAL);
		if (builder.insecure) {
			http.sslContext(insecureSslContext());
		}
		else if (builder.trustedCertificates != null) {
			http.sslContext(sslContextTrusting(builder.trustedCertificates));
		}
		return http.build();
	}

	/**
	 * Starts building a client for a service.
	 * @param baseUri the service's base URI, e.g. {@code http://127.0.0.1:8080} or a
	 * DC/OS cluster's URL
	 * @return a builder
	 */
	public static Builder builder(URI baseUri) {
		return new Builder(baseUri);
	}

	/**
	 * @return the base URI this client calls (never carries credentials)
	 */
	public URI getBaseUri() {
		return this.baseUri;
	}

	// ---- native API ----

	/**
	 * Starts a backup ({@code POST /api/v1/backups}).
	 * @param request the request
	 * @return the new backup, status {@code STATUS_BACKING_UP}
	 */
	public BackupResponse createBackup(CreateBackupRequest request) {
		return sendNative("POST", "backups", request, BackupResponse.class);
	}

	/**
	 * Reads a backup ({@code GET /api/v1/backups/{id}}) with its progress, components and
	 * restores.
	 * @param id the backup's id
	 * @return the backup
	 * @throws BackplaneApiException of kind {@code NOT_FOUND} when there is no such
	 * backup
	 */
	public BackupResponse getBackup(String id) {
		return sendNative("GET", "backups/" + encode(id), null, BackupResponse.class);
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
		return sendNative("GET", "backups" + (query.isEmpty() ? "" : "?" + String.join("&", query)), null,
				BackupPage.class);
	}

	/**
	 * Deletes a backup: its artifacts, then its record.
	 * @param id the backup's id
	 * @throws BackplaneApiException of kind {@code CONFLICT} while the backup is being
	 * written or restored
	 */
	public void deleteBackup(String id) {
		sendNative("DELETE", "backups/" + encode(id), null, Void.class);
	}

	/**
	 * Deletes a backup with per-request credentials for its storage location, for a
	 * backup written with per-request credentials to a location that has none of its own.
	 * @param id the backup's id
	 * @param parameters the credentials, as on create and restore; used for this delete
	 * only
	 * @throws BackplaneApiException of kind {@code CONFLICT} while the backup is being
	 * written or restored
	 */
	public void deleteBackup(String id, Map<String, String> parameters) {
		sendNative("DELETE", "backups/" + encode(id), new DeleteBackupRequest(parameters), Void.class);
	}

	/**
	 * Starts a restore.
	 * @param backupId the backup to restore
	 * @param request the request
	 * @return the new restore
	 */
	public RestoreResponse createRestore(String backupId, CreateRestoreRequest request) {
		return sendNative("POST", "backups/" + encode(backupId) + "/restores", request, RestoreResponse.class);
	}

	/**
	 * Reads a restore.
	 * @param backupId the backup it restores
	 * @param restoreId the restore's id
	 * @return the restore
	 */
	public RestoreResponse getRestore(String backupId, String restoreId) {
		return sendNative("GET", "backups/" + encode(backupId) + "/restores/" + encode(restoreId), null,
				RestoreResponse.class);
	}

	/**
	 * Lists the configured components.
	 * @return the components
	 */
	public List<ComponentInfo> listComponents() {
		return sendNative("GET", "components", null, new TypeReference<List<ComponentInfo>>() {
		});
	}

	/**
	 * Starts a mirror run of a component ({@code buckets} components with a
	 * {@code mirror-location}): answered as soon as it is queued.
	 * @param component the component's name
	 * @param parameters per-request parameters of the component (credentials,
	 * {@code BUCKETS}), or {@code null}
	 * @return the run, {@code STATUS_MIRRORING}
	 */
	public MirrorRunResponse mirror(String component, Map<String, String> parameters) {
		return sendNative("POST", "components/" + encode(component) + "/mirror",
				new MirrorRequest(emptyToNull(parameters)), MirrorRunResponse.class);
	}

	/**
	 * Reads a mirror run.
	 * @param component the component's name
	 * @param runId the run's id
	 * @return the run
	 */
	public MirrorRunResponse getMirrorRun(String component, String runId) {
		return sendNative("GET", "components/" + encode(component) + "/mirror-runs/" + encode(runId), null,
				MirrorRunResponse.class);
	}

	/**
	 * Lists a component's latest mirror runs.
	 * @param component the component's name
	 * @param limit how many at most (1 to 100)
	 * @return the runs, newest first
	 */
	public List<MirrorRunResponse> listMirrorRuns(String component, int limit) {
		return sendNative("GET", "components/" + encode(component) + "/mirror-runs?limit=" + limit, null,
				new TypeReference<List<MirrorRunResponse>>() {
				});
	}

	/**
	 * Lists the configured storage locations.
	 * @return the locations, credentials redacted
	 */
	public List<StorageLocationInfo> listStorageLocations() {
		return sendNative("GET", "storage-locations", null, new TypeReference<List<StorageLocationInfo>>() {
		});
	}

	/**
	 * Queues a verification of a stored backup ({@code POST
	 * /api/v1/backups/{id}/verifications}).
	 * @param id the backup's id
	 * @param depth {@code size} or {@code full}, or {@code null} for {@code full}
	 * @return the backup, its verification {@code RUNNING}
	 * @throws BackplaneApiException of kind {@code CONFLICT} while another verification
	 * of it is queued or running
	 */
	public BackupResponse verifyBackup(String id, String depth) {
		return sendNative("POST", "backups/" + encode(id) + "/verifications", new VerifyBackupRequest(depth),
				BackupResponse.class);
	}

	/**
	 * Syncs the catalogue with a storage location ({@code POST
	 * /api/v1/storage-locations/{name}/sync}).
	 * @param location the location's name
	 * @return what changed
	 */
	public StorageSyncResult syncStorageLocation(String location) {
		return sendNative("POST", "storage-locations/" + encode(location) + "/sync", null, StorageSyncResult.class);
	}

	/**
	 * Downloads a backup as one tar file ({@code GET /api/v1/backups/{id}/archive}),
	 * streaming.
	 * @param id the backup's id
	 * @param out where the tar goes; not closed
	 * @param progress told the bytes received so far, now and then; may be {@code null}
	 * @return the bytes received
	 * @throws BackplaneApiException if the service refuses
	 * @throws BackplaneUnreachableException if the transfer fails
	 */
	public long downloadArchive(String id, java.io.OutputStream out, java.util.function.LongConsumer progress) {
		BackupResponse backup = getBackup(id);
		URI uri = this.baseUri.resolve(this.resolvedNativeApiPath + "backups/" + encode(backup.id()) + "/archive");
		try {
			HttpURLConnection connection = open(uri, "GET", "application/x-tar, application/problem+json");
			try {
				int status = connection.getResponseCode();
				if (status >= 400) {
					throw toException(errorAnswer(connection, status));
				}
				try (InputStream in = connection.getInputStream()) {
					return copy(in, out, progress);
				}
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			throw new BackplaneUnreachableException(this.baseUri,
					"Downloading backup " + id + " from " + this.baseUri + " failed: " + describe(ex), ex);
		}
	}

	/**
	 * Uploads a backup archive ({@code POST /api/v1/backups/import}), streaming.
	 * @param archive the tar file
	 * @param storageLocation the location to store it in, or {@code null} for the default
	 * @param progress told the bytes sent so far, now and then; may be {@code null}
	 * @return the backup, {@code STATUS_READY}
	 * @throws BackplaneApiException if the service refuses ({@code CONFLICT}: the backup
	 * exists; {@code INVALID}: the file is damaged or truncated)
	 * @throws BackplaneUnreachableException if the transfer fails
	 */
	public BackupResponse uploadArchive(Path archive, String storageLocation,
			java.util.function.LongConsumer progress) {
		listStorageLocations();
		List<String> query = new ArrayList<>();
		addQuery(query, "storageLocation", storageLocation);
		URI uri = this.baseUri.resolve(
				this.resolvedNativeApiPath + "backups/import" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
		try {
			long size = Files.size(archive);
			HttpURLConnection connection = open(uri, "POST", "application/json, application/problem+json");
			try {
				connection.setRequestProperty("Content-Type", "application/x-tar");
				connection.setDoOutput(true);
				connection.setFixedLengthStreamingMode(size);
				try (InputStream in = Files.newInputStream(archive);
						java.io.OutputStream out = connection.getOutputStream()) {
					copy(in, out, progress);
				}
				catch (IOException ex) {
					// the service may have refused the file before reading all of it: its
					// answer explains more than the broken connection
					int status = answeredStatus(connection);
					if (status >= 400) {
						throw toException(errorAnswer(connection, status));
					}
					throw ex;
				}
				int status = connection.getResponseCode();
				if (status >= 400) {
					throw toException(errorAnswer(connection, status));
				}
				try (InputStream in = connection.getInputStream()) {
					return this.json.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8),
							BackupResponse.class);
				}
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			throw new BackplaneUnreachableException(this.baseUri,
					"Uploading " + archive + " to " + this.baseUri + " failed: " + describe(ex), ex);
		}
	}

	private static long copy(InputStream in, java.io.OutputStream out, java.util.function.LongConsumer progress)
			throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long total = 0;
		long reported = 0;
		int n;
		while ((n = in.read(buffer)) != -1) {
			out.write(buffer, 0, n);
			total += n;
			if (progress != null && total - reported >= 1024 * 1024) {
				progress.accept(total);
				reported = total;
			}
		}
		out.flush();
		if (progress != null) {
			progress.accept(total);
		}
		return total;
	}

	private HttpURLConnection open(URI uri, String method, String accept) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
		if (connection instanceof HttpsURLConnection https) {
			if (this.sslContext != null) {
				https.setSSLSocketFactory(this.sslContext.getSocketFactory());
			}
			if (this.insecure) {
				https.setHostnameVerifier((host, session) -> true);
			}
		}
		connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, this.connectTimeout.toMillis()));
		// a read waits at most this long for the next bytes, however long the transfer
		connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, this.requestTimeout.toMillis()));
		connection.setUseCaches(false);
		connection.setRequestMethod(method);
		connection.setRequestProperty("Accept", accept);
		if (this.authorization != null) {
			connection.setRequestProperty("Authorization", this.authorization);
		}
		return connection;
	}

	private static int answeredStatus(HttpURLConnection connection) {
		try {
			return connection.getResponseCode();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static Answer errorAnswer(HttpURLConnection connection, int status) throws IOException {
		InputStream in = connection.getErrorStream();
		if (in == null) {
			return new Answer(status, "");
		}
		try (in) {
			return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	/**
	 * Pins or unpins a backup ({@code PATCH /api/v1/backups/{id}}). Not available in
	 * lightweight mode ({@link java.net.HttpURLConnection} has no PATCH).
	 * @param id the backup's id
	 * @param pinned whether to pin it
	 * @return the backup
	 */
	public BackupResponse pinBackup(String id, boolean pinned) {
		return sendNative("PATCH", "backups/" + encode(id), new PatchBackupRequest(pinned), BackupResponse.class);
	}

	/**
	 * Lists the schedules ({@code GET /api/v1/schedules}), by name.
	 * @return the schedules
	 */
	public List<ScheduleResponse> listSchedules() {
		return sendNative("GET", "schedules", null, new TypeReference<List<ScheduleResponse>>() {
		});
	}

	/**
	 * Reads a schedule.
	 * @param name its name
	 * @return the schedule
	 * @throws BackplaneApiException of kind {@code NOT_FOUND} when there is none
	 */
	public ScheduleResponse getSchedule(String name) {
		return sendNative("GET", "schedules/" + encode(name), null, ScheduleResponse.class);
	}

	/**
	 * Creates a schedule ({@code POST /api/v1/schedules}).
	 * @param request the schedule
	 * @return the schedule
	 */
	public ScheduleResponse createSchedule(ScheduleRequest request) {
		return sendNative("POST", "schedules", request, ScheduleResponse.class);
	}

	/**
	 * Replaces a schedule's definition ({@code PUT /api/v1/schedules/{name}}).
	 * @param name its name
	 * @param request the new definition
	 * @return the schedule
	 */
	public ScheduleResponse updateSchedule(String name, ScheduleRequest request) {
		return sendNative("PUT", "schedules/" + encode(name), request, ScheduleResponse.class);
	}

	/**
	 * Deletes a schedule (its backups stay).
	 * @param name its name
	 */
	public void deleteSchedule(String name) {
		sendNative("DELETE", "schedules/" + encode(name), null, Void.class);
	}

	/**
	 * Runs a schedule now ({@code POST /api/v1/schedules/{name}/run}).
	 * @param name its name
	 * @return the backup it started
	 * @throws BackplaneApiException of kind {@code CONFLICT} while its previous run is
	 * still going
	 */
	public BackupResponse runSchedule(String name) {
		return sendNative("POST", "schedules/" + encode(name) + "/run", null, BackupResponse.class);
	}

	/**
	 * Pauses a schedule: its ticks no longer start backups.
	 * @param name its name
	 * @return the schedule
	 */
	public ScheduleResponse pauseSchedule(String name) {
		return sendNative("POST", "schedules/" + encode(name) + "/pause", null, ScheduleResponse.class);
	}

	/**
	 * Resumes a paused schedule from its next tick.
	 * @param name its name
	 * @return the schedule
	 */
	public ScheduleResponse resumeSchedule(String name) {
		return sendNative("POST", "schedules/" + encode(name) + "/resume", null, ScheduleResponse.class);
	}

	/**
	 * What a schedule's retention would keep and delete now.
	 * @param name the schedule's name
	 * @return the report, a dry run
	 */
	public RetentionReport retentionPreview(String name) {
		return sendNative("GET", "schedules/" + encode(name) + "/retention-preview", null, RetentionReport.class);
	}

	/**
	 * Applies retention rules once ({@code POST /api/v1/retention}).
	 * @param request the prefix, rules and whether it is a dry run
	 * @return what was kept and deleted
	 */
	public RetentionReport applyRetention(RetentionRequest request) {
		return sendNative("POST", "retention", request, RetentionReport.class);
	}

	// ---- DC/OS wire-compatible API ----

	/**
	 * DC/OS {@code POST create}.
	 * @param label the label
	 * @return the new backup
	 */
	public DcosBackupInfo dcosCreate(String label) {
		return dcosCreate(label, null);
	}

	/**
	 * DC/OS {@code POST create} with per-request parameters (storage credentials, named
	 * as in the DC/OS backup plans: {@code AWS_ACCESS_KEY_ID}, {@code AZURE_STORAGE_KEY},
	 * …), used for this backup only.
	 * @param label the label
	 * @param parameters the parameters, or {@code null} for none
	 * @return the new backup
	 */
	public DcosBackupInfo dcosCreate(String label, Map<String, String> parameters) {
		return send("POST", this.dcosApiPath + "create", new DcosCreateRequest(label, emptyToNull(parameters)),
				new TypeReference<DcosBackupInfoResponse<DcosBackupInfo>>() {
				})
			.backupInfo();
	}

	/**
	 * DC/OS {@code GET list}.
	 * @param prefix only ids starting with this, or {@code null}
	 * @return the backups, newest first, empty when there are none
	 */
	public List<DcosBackupInfo> dcosList(String prefix) {
		String path = this.dcosApiPath + "list" + ((prefix != null) ? "?prefix=" + encode(prefix) : "");
		DcosBackupList list = send("GET", path, null, DcosBackupList.class);
		return (list != null && list.backupInfo() != null) ? list.backupInfo() : List.of();
	}

	/**
	 * Finds one backup through the DC/OS {@code list} (the DC/OS API has no read by id).
	 * @param id the backup's id
	 * @return the backup, or empty when there is none with exactly this id
	 */
	public Optional<DcosBackupInfo> dcosFind(String id) {
		return dcosList(id).stream().filter((info) -> id.equals(info.id())).findFirst();
	}

	/**
	 * DC/OS {@code POST restore}: each component under its configured restore policy.
	 * @param backupId the backup to restore
	 * @return the new restore
	 */
	public DcosRestoreInfo dcosRestore(String backupId) {
		return dcosRestore(backupId, null);
	}

	/**
	 * DC/OS {@code POST restore} with per-request parameters (storage credentials), used
	 * for this restore only.
	 * @param backupId the backup to restore
	 * @param parameters the parameters, or {@code null} for none
	 * @return the new restore
	 */
	public DcosRestoreInfo dcosRestore(String backupId, Map<String, String> parameters) {
		return send("POST", this.dcosApiPath + "restore", new DcosIdRequest(backupId, emptyToNull(parameters)),
				new TypeReference<DcosBackupInfoResponse<DcosRestoreInfo>>() {
				})
			.backupInfo();
	}

	/**
	 * DC/OS {@code DELETE delete}.
	 * @param backupId the backup to delete
	 */
	public void dcosDelete(String backupId) {
		dcosDelete(backupId, null);
	}

	/**
	 * DC/OS {@code DELETE delete} with per-request parameters (storage credentials), used
	 * for this call only.
	 * @param backupId the backup to delete
	 * @param parameters the parameters, or {@code null} for none
	 */
	public void dcosDelete(String backupId, Map<String, String> parameters) {
		send("DELETE", this.dcosApiPath + "delete", new DcosIdRequest(backupId, emptyToNull(parameters)), Void.class);
	}

	/**
	 * DC/OS SDK {@code GET /v1/plans}.
	 * @return the plans' names
	 */
	public List<String> listPlans() {
		List<String> names = send("GET", this.dcosApiPath + "plans", null, new TypeReference<List<String>>() {
		});
		return (names != null) ? names : List.of();
	}

	/**
	 * DC/OS SDK {@code GET /v1/plans/<plan>}: the plan's status, whether it completed
	 * (200), runs (202) or failed (417, which is not an error here: its {@code errors}
	 * say why).
	 * @param plan the plan's name
	 * @return the plan
	 */
	public PlanInfo getPlan(String plan) {
		Answer answer = exchange("GET", this.dcosApiPath + "plans/" + encode(plan), null, 417);
		return this.json.readValue(answer.body(), PlanInfo.class);
	}

	/**
	 * DC/OS SDK {@code POST /v1/plans/<plan>/start}.
	 * @param plan the plan's name
	 * @param parameters the plan's parameters (e.g. {@code SNAPSHOT_NAME}), or
	 * {@code null}
	 * @return the service's message
	 */
	public PlanMessage startPlan(String plan, Map<String, String> parameters) {
		return send("POST", this.dcosApiPath + "plans/" + encode(plan) + "/start",
				(parameters != null) ? parameters : Map.of(), PlanMessage.class);
	}

	/**
	 * A DC/OS SDK plan command: {@code stop}, {@code interrupt}, {@code continue},
	 * {@code forceComplete}, {@code restart}.
	 * @param plan the plan's name
	 * @param command the command
	 * @param phase the phase, or {@code null}
	 * @param step the step, or {@code null}
	 * @return whether it changed anything (200) or not (208), and the message
	 */
	public PlanCommandResult planCommand(String plan, String command, String phase, String step) {
		StringBuilder path = new StringBuilder(this.dcosApiPath).append("plans/")
			.append(encode(plan))
			.append('/')
			.append(encode(command));
		String separator = "?";
		if (phase != null) {
			path.append(separator).append("phase=").append(encode(phase));
			separator = "&";
		}
		if (step != null) {
			path.append(separator).append("step=").append(encode(step));
		}
		Answer answer = exchange("POST", path.toString(), null);
		PlanMessage message = answer.body().isEmpty() ? new PlanMessage("")
				: this.json.readValue(answer.body(), PlanMessage.class);
		return new PlanCommandResult(answer.statusCode() != 208, message.message());
	}

	private static Map<String, String> emptyToNull(Map<String, String> parameters) {
		return (parameters == null || parameters.isEmpty()) ? null : parameters;
	}

	// ---- plumbing ----

	private <T> T sendNative(String method, String path, Object body, Class<T> type) {
		return readBody(exchangeNative(method, path, body), type);
	}

	private <T> T sendNative(String method, String path, Object body, TypeReference<T> type) {
		return this.json.readValue(exchangeNative(method, path, body).body(), type);
	}

	private Answer exchangeNative(String method, String path, Object body) {
		String resolved = this.resolvedNativeApiPath;
		if (resolved != null) {
			return exchange(method, resolved + path, body);
		}
		BackplaneApiException missing = null;
		for (String candidate : this.nativeApiPaths) {
			try {
				Answer response = exchange(method, candidate + path, body);
				this.resolvedNativeApiPath = candidate;
				return response;
			}
			catch (BackplaneApiException ex) {
				if (!ex.isMissingRoute()) {
					this.resolvedNativeApiPath = candidate;
					throw ex;
				}
				// The route does not exist here (nothing was executed): try the next
				// mount point
				missing = ex;
			}
		}
		throw missing;
	}

	private <T> T send(String method, String path, Object body, Class<T> type) {
		return readBody(exchange(method, path, body), type);
	}

	private <T> T send(String method, String path, Object body, TypeReference<T> type) {
		return this.json.readValue(exchange(method, path, body).body(), type);
	}

	private <T> T readBody(Answer response, Class<T> type) {
		if (type == Void.class || response.body().isEmpty()) {
			return null;
		}
		return this.json.readValue(response.body(), type);
	}

	private Answer exchange(String method, String path, Object body) {
		return exchange(method, path, body, 0);
	}

	private Answer exchange(String method, String path, Object body, int accepted) {
		URI uri = this.baseUri.resolve(path);
		// a POST always carries a JSON body: the service refuses one without
		// Content-Type: application/json
		String json = (body != null) ? this.json.writeValueAsString(body) : ("POST".equals(method) ? "{}" : null);
		Answer response;
		try {
			response = (this.http != null) ? viaHttpClient(method, uri, json) : viaUrlConnection(method, uri, json);
		}
		catch (IOException ex) {
			throw new BackplaneUnreachableException(this.baseUri,
					"Cannot reach Backplane at " + this.baseUri + ": " + describe(ex), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BackplaneUnreachableException(this.baseUri, "Interrupted while calling " + this.baseUri,
					new IOException("Interrupted", ex));
		}
		if (response.statusCode() >= 400 && response.statusCode() != accepted) {
			throw toException(response);
		}
		return response;
	}

	private Answer viaHttpClient(String method, URI uri, String json) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(this.requestTimeout)
			.header("Accept", "application/json, application/problem+json");
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = this.http.send(request.build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		return new Answer(response.statusCode(), response.body());
	}

	private Answer viaUrlConnection(String method, URI uri, String json) throws IOException {
		HttpURLConnection connection = open(uri, method, "application/json, application/problem+json");
		try {
			connection.setInstanceFollowRedirects(true);
			if (json != null) {
				byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
				connection.setRequestProperty("Content-Type", "application/json");
				connection.setDoOutput(true);
				connection.setFixedLengthStreamingMode(bytes.length);
				try (java.io.OutputStream out = connection.getOutputStream()) {
					out.write(bytes);
				}
			}
			int status = connection.getResponseCode();
			InputStream in = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
			String text;
			if (in == null) {
				text = "";
			}
			else {
				try (in) {
					text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
			}
			return new Answer(status, text);
		}
		catch (IOException ex) {
			connection.disconnect();
			throw ex;
		}
	}

	private String describe(IOException ex) {
		if (ex instanceof HttpConnectTimeoutException) {
			return "no connection within the connect timeout";
		}
		if (ex instanceof HttpTimeoutException) {
			return "no answer within " + this.requestTimeout.toSeconds() + " s";
		}
		if (ex instanceof SocketTimeoutException) {
			return (ex.getMessage() != null && ex.getMessage().contains("connect"))
					? "no connection within the connect timeout"
					: "no answer within " + this.requestTimeout.toSeconds() + " s";
		}
		if (ex instanceof UnknownHostException) {
			return "unknown host " + this.baseUri.getHost();
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnresolvedAddressException) {
				return "unknown host " + this.baseUri.getHost();
			}
			if (cause instanceof SSLException) {
				return "TLS failed (" + cause.getMessage() + "); trust the cluster's CA certificate "
						+ "(DCOS_TLS_CA_PATH) or, for a test cluster only, skip verification (DCOS_TLS_INSECURE=1)";
			}
		}
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		String message = ex.getMessage();
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

	private BackplaneApiException toException(Answer response) {
		String type = null;
		String title = null;
		String detail = null;
		List<String> errors = null;
		String requiredRole = null;
		String body = response.body();
		try {
			JsonNode node = body.isBlank() ? null : this.json.readTree(body);
			if (node != null && node.isObject()) {
				type = text(node, "type");
				title = text(node, "title");
				detail = text(node, "detail");
				requiredRole = text(node, "requiredRole");
				JsonNode errorNodes = node.get("errors");
				if (errorNodes != null && errorNodes.isArray()) {
					errors = new ArrayList<>();
					for (JsonNode error : errorNodes) {
						errors.add(error.isString() ? error.asString() : error.toString());
					}
				}
			}
		}
		catch (RuntimeException ex) {
			// Not JSON (e.g. a proxy's HTML page): keep the status only, the body is no
			// explanation
		}
		return new BackplaneApiException(response.statusCode(), type, title, detail, errors, requiredRole);
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

	private static SSLContext insecureSslContext() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new TrustingEverything() }, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot set up TLS without verification: " + ex.getMessage(), ex);
		}
	}

	private static SSLContext sslContextTrusting(Path certificates) {
		try (InputStream in = Files.newInputStream(certificates)) {
			Collection<? extends Certificate> loaded = CertificateFactory.getInstance("X.509").generateCertificates(in);
			if (loaded.isEmpty()) {
				throw new IllegalArgumentException("No certificate in " + certificates + ": expected PEM certificates");
			}
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			int i = 0;
			for (Certificate certificate : loaded) {
				store.setCertificateEntry("ca-" + i++, certificate);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(
					"Cannot read the CA certificates " + certificates + ": " + ex.getMessage(), ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(
					"Cannot use the CA certificates " + certificates + " (expected PEM): " + ex.getMessage(), ex);
		}
	}

	/** An answer: its status and body. */
	private record Answer(int statusCode, String body) {
	}

	/**
	 * Trusts any certificate for any host name. Being an
	 * {@link X509ExtendedTrustManager}, it also takes over the host name check, which it
	 * skips.
	 */
	private static final class TrustingEverything extends X509ExtendedTrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

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

		private boolean insecure;

		private Path trustedCertificates;

		private boolean adminRouter;

		private boolean lightweight;

		private String dcosApiPath = DEFAULT_DCOS_API_PATH;

		private Builder(URI baseUri) {
			this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
			String scheme = baseUri.getScheme();
			if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
					|| baseUri.getHost() == null) {
				throw new IllegalArgumentException(
						"Invalid Backplane URL '" + baseUri + "': use http://host[:port] or https://host[:port]");
			}
			if (baseUri.getUserInfo() != null) {
				throw new IllegalArgumentException("Do not put credentials in the Backplane URL: use a token");
			}
		}

		/**
		 * Uses a ready-made HTTP client (for proxies or other TLS settings). The connect
		 * timeout and TLS options of this builder are then ignored.
		 * @param httpClient the client
		 * @return this builder
		 */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * Sends requests through {@link HttpURLConnection} instead of the JDK's
		 * {@link HttpClient}: no background threads, a faster start and a faster exit (a
		 * JVM waits up to 300 ms at exit for {@code HttpClient}'s selector thread), for
		 * short-lived programs such as a CLI. Ignored when
		 * {@link #httpClient(HttpClient)} is set.
		 * @param lightweight whether to use {@link HttpURLConnection}
		 * @return this builder
		 */
		public Builder lightweight(boolean lightweight) {
			this.lightweight = lightweight;
			return this;
		}

		/**
		 * Sends this {@code Authorization} header value with every request, e.g.
		 * {@code token=<t>} or {@code Bearer <t>}.
		 * @param authorization the header value, or {@code null} for none
		 * @return this builder
		 */
		public Builder authorization(String authorization) {
			this.authorization = authorization;
			return this;
		}

		/**
		 * Authenticates with a DC/OS ACS token: {@code Authorization: token=<t>}, as
		 * DC/OS Admin Router expects.
		 * @param token the token, or {@code null} for none
		 * @return this builder
		 */
		public Builder dcosToken(String token) {
			this.authorization = (token != null) ? "token=" + token : null;
			return this;
		}

		/**
		 * Authenticates with a bearer token: {@code Authorization: Bearer <t>}, for a
		 * Backplane served without Admin Router behind an OAuth2 resource server or
		 * proxy.
		 * @param token the token, or {@code null} for none
		 * @return this builder
		 */
		public Builder bearerToken(String token) {
			this.authorization = (token != null) ? "Bearer " + token : null;
			return this;
		}

		/**
		 * @param connectTimeout how long to wait for a connection (default 10 s)
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = Objects.requireNonNull(connectTimeout);
			return this;
		}

		/**
		 * @param requestTimeout how long to wait for each answer (default 60 s)
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = Objects.requireNonNull(requestTimeout);
			return this;
		}

		/**
		 * Skips TLS certificate and host name verification. For test clusters with
		 * self-signed certificates only: anyone on the path can then read and change the
		 * traffic, tokens included.
		 * @param insecure whether to skip verification
		 * @return this builder
		 */
		public Builder insecure(boolean insecure) {
			this.insecure = insecure;
			return this;
		}

		/**
		 * Trusts only the certificates in this PEM file (for example a DC/OS cluster's
		 * {@code dcos-ca.crt}) instead of the JVM's default trust store; host names are
		 * still verified.
		 * @param pemFile a file with one or more PEM certificates, or {@code null} for
		 * the default
		 * @return this builder
		 */
		public Builder trustedCertificates(Path pemFile) {
			this.trustedCertificates = pemFile;
			return this;
		}

		/**
		 * Declares that the base URI is a DC/OS cluster whose Admin Router serves
		 * Backplane under {@code /system/v1/backup/}: the native API is then looked for
		 * there first.
		 * @param adminRouter whether the base URI is a DC/OS cluster
		 * @return this builder
		 */
		public Builder adminRouter(boolean adminRouter) {
			this.adminRouter = adminRouter;
			return this;
		}

		/**
		 * @param dcosApiPath where the DC/OS wire-compatible API lives relative to the
		 * base URI (default {@value BackplaneClient#DEFAULT_DCOS_API_PATH}, which a plain
		 * Backplane serves too)
		 * @return this builder
		 */
		public Builder dcosApiPath(String dcosApiPath) {
			String path = Objects.requireNonNull(dcosApiPath);
			path = path.startsWith("/") ? path.substring(1) : path;
			this.dcosApiPath = (path.isEmpty() || path.endsWith("/")) ? path : path + "/";
			return this;
		}

		/**
		 * @return the client
		 * @throws IllegalArgumentException when the trusted certificates cannot be read
		 */
		public BackplaneClient build() {
			return new BackplaneClient(this);
		}

	}

}
