package org.backplane.service.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Backplane's configuration, bound from {@code backplane.*} in YAML, the environment or
 * the command line. Unknown keys fail start-up. Components
 * ({@code backplane.components.<name>.*}) are bound per type by the source registry,
 * which rejects unknown keys of each type.
 *
 * @param home where the embedded PostgreSQL's data, the default file storage and the
 * sample component live; default {@code ~/.backplane}
 * @param storage where backups are stored
 * @param runner how backups and restores are run
 * @param components the configured source components by name; each has a {@code type} and
 * type-specific keys (bound and checked by the source registry)
 * @param secrets how per-request parameters are sealed while their job waits or runs
 * @param security authentication, roles and CORS, declared here only so that this binding
 * counts {@code backplane.security.*} as known; they are bound and checked (unknown keys
 * rejected) by {@code security.SecurityProperties}
 * @param verification the verification schedule
 * @param archive backups as one file (download and upload)
 * @param metrics the Prometheus metrics
 * @param schedules backup schedules declared by name
 * ({@code backplane.schedules.<name>.cron}, ...), declared here only so that this binding
 * counts them as known; they are bound and checked (unknown keys rejected) by the
 * {@code schedule} feature
 * @param scheduling how often schedules and retention are looked at, likewise bound and
 * checked by {@code schedule.SchedulingProperties}
 */
@Validated
@ConfigurationProperties(prefix = "backplane", ignoreUnknownFields = false)
public record BackplaneProperties(Path home, @Valid @DefaultValue Storage storage, @Valid @DefaultValue Runner runner,
		Map<String, Object> components, @DefaultValue Secrets secrets, Map<String, Object> security,
		@Valid @DefaultValue Verification verification, @Valid @DefaultValue Archive archive,
		@Valid @DefaultValue Metrics metrics, Map<String, Object> schedules, Map<String, Object> scheduling) {

	public BackplaneProperties {
		home = (home != null) ? home.toAbsolutePath().normalize()
				: Path.of(System.getProperty("user.home"), ".backplane").toAbsolutePath();
		components = (components != null) ? components : Map.of();
		security = (security != null) ? security : Map.of();
		verification = (verification != null) ? verification : new Verification(null, null);
		archive = (archive != null) ? archive : new Archive(null);
		metrics = (metrics != null) ? metrics : new Metrics(null);
		schedules = (schedules != null) ? schedules : Map.of();
		scheduling = (scheduling != null) ? scheduling : Map.of();
	}

	/**
	 * The default storage location's URI: {@code backplane.storage.location}, else
	 * {@code file://<home>/storage}, the same whether that folder exists yet or not.
	 * @return the URI
	 */
	public URI defaultLocationUri() {
		if (this.storage.location() != null) {
			return this.storage.location();
		}
		// Path.toUri() ends with '/' only when the folder exists, which made the URI
		// change
		// after the first start had created it
		String uri = this.home.resolve("storage").toUri().toString();
		return URI.create(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
	}

	/**
	 * Where backups are stored.
	 *
	 * @param location the default location's URI, e.g. {@code file:///var/lib/backplane}
	 * or {@code s3://bucket/prefix?region=us-east-1}; default
	 * {@code file://<home>/storage}
	 * @param defaultLocation the name of the location used when a request names none;
	 * default {@code default}, the location given by {@code location}
	 * @param locations more named locations
	 * ({@code backplane.storage.locations.<name>.uri} and {@code .credentials.*})
	 * @param file the file adapter's settings, declared here only so that this binding
	 * counts {@code backplane.storage.file.*} as known; they are bound and checked by the
	 * adapter's own record ({@code storage.file.FileStorageProperties}), which rejects
	 * unknown keys, so a misspelt key still fails start-up
	 * @param s3 the S3 adapter's tuning, likewise bound and checked (unknown keys
	 * rejected) by {@code storage.s3.S3StorageProperties}
	 * @param azure the Azure adapter's tuning, likewise bound and checked (unknown keys
	 * rejected) by {@code storage.azure.AzureBlobStorageProperties}
	 * @param allowedEndpoints the endpoints besides its own that per-request parameters
	 * ({@code S3_ENDPOINT_URL}, {@code AZURE_STORAGE_ENDPOINT},
	 * {@code AZURE_STORAGE_ACCOUNT}) may send backups of the location given by
	 * {@code location} (named {@code default}) to, e.g. {@code http://10.0.0.5:9000};
	 * default none. Not for a location configured as {@code locations.default}, which has
	 * its own
	 * @param allowedBuckets the buckets or containers besides its own that per-request
	 * parameters ({@code S3_BUCKET_NAME}, {@code CONTAINER_NAME}) may name for the
	 * location given by {@code location}, as globs ({@code *}, {@code ?}); default any
	 * @param syncInterval how often every location's manifests are compared with the
	 * catalogue (backups found on storage imported, READY backups gone from it marked
	 * {@code STATUS_ERROR}); also once at start-up; default 10m
	 */
	public record Storage(URI location, @DefaultValue("default") String defaultLocation,
			Map<String, NamedLocation> locations, Map<String, Object> file, Map<String, Object> s3,
			Map<String, Object> azure, List<String> allowedEndpoints, List<String> allowedBuckets,
			@DefaultValue("10m") Duration syncInterval) {

		public Storage {
			locations = (locations != null) ? locations : Map.of();
			file = (file != null) ? file : Map.of();
			s3 = (s3 != null) ? s3 : Map.of();
			azure = (azure != null) ? azure : Map.of();
			allowedEndpoints = (allowedEndpoints != null) ? allowedEndpoints : List.of();
			allowedBuckets = (allowedBuckets != null) ? allowedBuckets : List.of();
			syncInterval = (syncInterval != null) ? syncInterval : Duration.ofMinutes(10);
			if (syncInterval.isNegative() || syncInterval.isZero()) {
				throw new IllegalArgumentException(
						"backplane.storage.sync-interval must be positive, got " + syncInterval);
			}
		}

	}

	/**
	 * The verification schedule: each run fully reads (SHA-256) a rotating share of the
	 * READY backups, so that every one is read once every {@code t / n} runs.
	 *
	 * @param cron when runs happen, six fields as Spring's cron ({@code 0 0 4 * * *}),
	 * optionally followed by a time zone ({@code 0 0 4 * * * Europe/Paris}); default none
	 * (no schedule; verifications are asked for through the API)
	 * @param subset {@code n/t}: each run reads {@code n} of {@code t} groups of backups
	 * (a backup's group is the CRC-32 of its id mod {@code t}); default {@code 1/1},
	 * every backup each run
	 */
	public record Verification(String cron, @DefaultValue("1/1") String subset) {

		public Verification {
			subset = (subset != null) ? subset : "1/1";
			if (!subset.matches("[1-9][0-9]{0,5}/[1-9][0-9]{0,5}")
					|| Integer.parseInt(subset.substring(0, subset.indexOf('/'))) > Integer
						.parseInt(subset.substring(subset.indexOf('/') + 1))) {
				throw new IllegalArgumentException("backplane.verification.subset must be n/t with 1 <= n <= t, e.g. "
						+ "1/7 (each run reads a seventh of the backups); got '" + subset + "'");
			}
		}

		/**
		 * @return {@code n} of {@code n/t}
		 */
		public int groupsPerRun() {
			return Integer.parseInt(this.subset.substring(0, this.subset.indexOf('/')));
		}

		/**
		 * @return {@code t} of {@code n/t}
		 */
		public int groups() {
			return Integer.parseInt(this.subset.substring(this.subset.indexOf('/') + 1));
		}

	}

	/**
	 * Backups as one file.
	 *
	 * @param maxUploadSize the largest archive {@code POST /api/v1/backups/import} takes
	 * (it streams to storage, so this bounds storage use, not memory); default 100GB
	 */
	public record Archive(@DefaultValue("100GB") DataSize maxUploadSize) {

		public Archive {
			maxUploadSize = (maxUploadSize != null) ? maxUploadSize : DataSize.ofGigabytes(100);
		}

	}

	/**
	 * The Prometheus metrics.
	 *
	 * @param refreshInterval how often the gauges read from the catalogue (last success
	 * per component and label, running jobs, failed verifications) and storage
	 * reachability are refreshed; a scrape never reads the database or storage itself;
	 * default 30s
	 */
	public record Metrics(@DefaultValue("30s") Duration refreshInterval) {

		public Metrics {
			refreshInterval = (refreshInterval != null) ? refreshInterval : Duration.ofSeconds(30);
		}

	}

	/**
	 * A named storage location.
	 *
	 * @param uri the location URI
	 * @param credentials adapter-specific credentials (e.g. {@code AWS_ACCESS_KEY_ID});
	 * never shown or logged
	 * @param allowedEndpoints the endpoints besides its own that per-request parameters
	 * ({@code S3_ENDPOINT_URL}, {@code AZURE_STORAGE_ENDPOINT},
	 * {@code AZURE_STORAGE_ACCOUNT}) may send backups to, e.g.
	 * {@code http://10.0.0.5:9000}; default none
	 * @param allowedBuckets the buckets or containers besides its own that per-request
	 * parameters ({@code S3_BUCKET_NAME}, {@code CONTAINER_NAME}) may name, as globs
	 * ({@code *}, {@code ?}); default any
	 */
	public record NamedLocation(@NotNull URI uri, Map<String, String> credentials, List<String> allowedEndpoints,
			List<String> allowedBuckets) {

		public NamedLocation {
			credentials = (credentials != null) ? credentials : Map.of();
			allowedEndpoints = (allowedEndpoints != null) ? allowedEndpoints : List.of();
			allowedBuckets = (allowedBuckets != null) ? allowedBuckets : List.of();
		}

		@Override
		public String toString() {
			// the URI may hold keys (access_key=...): show its scheme only
			return "NamedLocation[scheme=" + this.uri.getScheme() + ", credentials=***]";
		}

	}

	/**
	 * How per-request parameters (credentials) are sealed in the catalogue while their
	 * job waits or runs.
	 *
	 * @param key a base64-encoded 256-bit AES key; every replica sharing a database must
	 * have the same one. When absent, a key is generated once into
	 * {@code <home>/secrets.key} (readable by its owner only), which suits a single
	 * replica. Never logged.
	 */
	public record Secrets(String key) {

		@Override
		public String toString() {
			return "Secrets[key=" + ((this.key != null) ? "***" : "generated") + "]";
		}

	}

	/**
	 * How jobs run (backups and restores, queued in PostgreSQL through db-scheduler).
	 *
	 * @param threads jobs run at once on this node; default 4
	 * @param pollingInterval how often the queue is polled for due jobs; default 1s
	 * @param heartbeatInterval how often a running job records its heartbeat and
	 * progress; default 2s
	 * @param staleAfter a running job whose heartbeat is older than this is considered
	 * dead (its runner is gone): a backup is run again while {@code retryInterrupted}
	 * allows, anything else is marked {@code STATUS_ERROR} with reason
	 * {@code interrupted}; default 30s
	 * @param reaperInterval how often stale jobs are looked for (also once at start-up);
	 * default 10s
	 * @param shutdownMaxWait how long shutdown waits for running jobs to stop; default
	 * 30s
	 * @param retryInterrupted how many times a backup whose runner died is run again (a
	 * new attempt of the same backup, after what it left is removed) before it is marked
	 * {@code STATUS_ERROR}; 0 never; default 1. Restores are never retried.
	 * @param sweepInterval how often what ended backups left unfinished in storage (file
	 * temporary files, S3 multipart uploads whose abort failed) is looked for and
	 * removed, on one replica, besides at start-up; default 10m
	 * @param collectWhenIdle whether the heap is collected once the last job running on
	 * this node ends, so the next job does not pay a full collection of what the last one
	 * left, and the heap's memory goes back to the system between jobs; default true
	 */
	public record Runner(@DefaultValue("4") @Min(1) @Max(64) int threads, @DefaultValue("1s") Duration pollingInterval,
			@DefaultValue("2s") Duration heartbeatInterval, @DefaultValue("30s") Duration staleAfter,
			@DefaultValue("10s") Duration reaperInterval, @DefaultValue("30s") Duration shutdownMaxWait,
			@DefaultValue("1") @Min(0) @Max(10) int retryInterrupted, @DefaultValue("10m") Duration sweepInterval,
			@DefaultValue("true") boolean collectWhenIdle) {

		public Runner {
			if (staleAfter.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
				throw new IllegalArgumentException("backplane.runner.stale-after (" + staleAfter
						+ ") must be at least 3 × backplane.runner.heartbeat-interval (" + heartbeatInterval + ")");
			}
		}

	}

}
