package org.backplane.service.source.buckets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentFactory;

/**
 * Builds {@code buckets} components. Checks the settings' shape at start-up; the service
 * need not be reachable then. Each component spools its large objects under
 * {@code <spool root>/<component>/}; what a killed process left there is deleted when the
 * component is built (at start-up, before any backup runs).
 */
public class BucketsSourceComponentFactory implements SourceComponentFactory<BucketsSourceProperties> {

	private static final Log logger = LogFactory.getLog(BucketsSourceComponentFactory.class);

	private final Path spoolRoot;

	/**
	 * @param spoolRoot the folder under which each component spools its large objects
	 * ({@code <backplane.home>/spool/buckets})
	 */
	public BucketsSourceComponentFactory(Path spoolRoot) {
		this.spoolRoot = spoolRoot;
	}

	static final Set<String> CREDENTIAL_KEYS = Set.of(BucketsSourceComponent.ACCESS_KEY_ID,
			BucketsSourceComponent.SECRET_ACCESS_KEY);

	@Override
	public String type() {
		return BucketsSourceProperties.TYPE;
	}

	@Override
	public Class<BucketsSourceProperties> propertiesType() {
		return BucketsSourceProperties.class;
	}

	@Override
	public SourceComponent create(String name, BucketsSourceProperties properties) {
		checkCredentials("credentials", properties.credentials());
		checkCredentials("mirror-credentials", properties.mirrorCredentials());
		if (properties.endpoint() != null) {
			checkEndpoint("endpoint", properties.endpoint());
		}
		if (properties.mirrorLocation() != null) {
			checkEndpoint("mirror-location", properties.mirrorLocation());
		}
		if (!properties.region().matches("[a-z0-9\\-]+")) {
			throw new IllegalArgumentException("region '" + properties.region() + "' is not a region name");
		}
		if (properties.checksums() != null && !properties.checksums().equals("when-required")
				&& !properties.checksums().equals("when-supported")) {
			throw new IllegalArgumentException(
					"checksums must be when-required or when-supported, was '" + properties.checksums() + "'");
		}
		if (properties.maxInFlight() < 1 || properties.maxInFlight() > 64) {
			throw new IllegalArgumentException("max-in-flight must be between 1 and 64");
		}
		long small = properties.smallObjectSize().toBytes();
		if (small < 0 || small > 64L * 1024 * 1024) {
			throw new IllegalArgumentException("small-object-size must be between 0 and 64MB");
		}
		if (properties.spoolSize().toBytes() < 1024 * 1024) {
			throw new IllegalArgumentException(
					"spool-size must be at least 1MB, was " + properties.spoolSize().toBytes() + " bytes");
		}
		BucketGlobs.compile(properties.buckets());
		BucketGlobs.compile(properties.excludeBuckets());
		String mirrorPrefix = (properties.mirrorPrefix() != null) ? properties.mirrorPrefix() : name + "-";
		if (!mirrorPrefix.matches("[a-z0-9.\\-]*")) {
			throw new IllegalArgumentException("mirror-prefix '" + mirrorPrefix
					+ "' cannot start a bucket name: use lower-case letters, digits, '.' and '-'");
		}
		Path spool = this.spoolRoot.resolve(name);
		sweep(spool);
		return new BucketsSourceComponent(name, properties, mirrorPrefix, spool);
	}

	// Deletes the spooled files a killed process left (their backups failed with it).
	static void sweep(Path spool) {
		if (!Files.isDirectory(spool)) {
			return;
		}
		int deleted = 0;
		try (Stream<Path> files = Files.list(spool)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Files.deleteIfExists(file);
				deleted++;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete the leftover spooled objects in " + spool
					+ ": make the folder writable by the service's user", ex);
		}
		if (deleted > 0) {
			logger.info("Deleted " + deleted + " spooled object(s) left by a stopped process in " + spool);
		}
	}

	private static void checkCredentials(String key, java.util.Map<String, String> credentials) {
		for (String k : credentials.keySet()) {
			if (!CREDENTIAL_KEYS.contains(k)) {
				throw new IllegalArgumentException(
						key + " takes only " + new java.util.TreeSet<>(CREDENTIAL_KEYS) + ", not '" + k + "'");
			}
		}
		if (credentials.containsKey(BucketsSourceComponent.ACCESS_KEY_ID) != credentials
			.containsKey(BucketsSourceComponent.SECRET_ACCESS_KEY)) {
			throw new IllegalArgumentException(key + " needs both ACCESS_KEY_ID and SECRET_ACCESS_KEY, or neither");
		}
	}

	private static void checkEndpoint(String key, java.net.URI endpoint) {
		if (endpoint.getScheme() == null
				|| !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
				|| endpoint.getHost() == null) {
			throw new IllegalArgumentException(key + " must be an http:// or https:// URL, was '" + endpoint + "'");
		}
	}

}
