package org.backplane.service.source.buckets;

import java.util.Set;

import org.backplane.service.source.SourceComponent;
import org.backplane.service.source.SourceComponentFactory;

/**
 * Builds {@code buckets} components. Checks the settings' shape at start-up; the service
 * need not be reachable then.
 */
public class BucketsSourceComponentFactory implements SourceComponentFactory<BucketsSourceProperties> {

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
		BucketGlobs.compile(properties.buckets());
		BucketGlobs.compile(properties.excludeBuckets());
		String mirrorPrefix = (properties.mirrorPrefix() != null) ? properties.mirrorPrefix() : name + "-";
		if (!mirrorPrefix.matches("[a-z0-9.\\-]*")) {
			throw new IllegalArgumentException("mirror-prefix '" + mirrorPrefix
					+ "' cannot start a bucket name: use lower-case letters, digits, '.' and '-'");
		}
		return new BucketsSourceComponent(name, properties, mirrorPrefix);
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
