package org.backplane.service.support;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * The running service's version, from the build info the Maven build writes
 * ({@code dcos_version} on the DC/OS wire, {@code version} in manifests).
 */
@Component
public class ServiceVersion {

	private final String version;

	ServiceVersion(ObjectProvider<BuildProperties> buildProperties) {
		BuildProperties build = buildProperties.getIfAvailable();
		String fromBuild = (build != null) ? build.getVersion() : null;
		String fromJar = ServiceVersion.class.getPackage().getImplementationVersion();
		this.version = (fromBuild != null) ? fromBuild : (fromJar != null) ? fromJar : "0.0.0-dev";
	}

	/**
	 * @return the version, e.g. {@code 0.1.0-SNAPSHOT}
	 */
	public String get() {
		return this.version;
	}

}
