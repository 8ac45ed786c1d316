package org.backplane.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the Backplane backup control plane.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BackupServiceApplication {

	/**
	 * Largest temporary direct buffer the JDK keeps per thread for I/O through heap
	 * arrays (see main).
	 */
	static final String MAX_CACHED_BUFFER = "262144";

	public static void main(String[] args) {
		jdkDefaults();
		SpringApplication.run(BackupServiceApplication.class, args);
	}

	/**
	 * JDK settings read once, when first used, so set before anything runs; a value given
	 * with {@code -D} is kept.
	 * <ul>
	 * <li>{@code jdk.httpclient.allowRestrictedHeaders=content-length}: lets the Azure
	 * SDK set Content-Length (docs/storage-providers.md).</li>
	 * <li>{@code jdk.nio.maxCachedBufferSize=262144}: the JDK copies a heap array written
	 * or read through a channel into a temporary direct buffer of the same size and, by
	 * default, keeps it for the thread whatever its size. The embedded PostgreSQL's first
	 * unpacking writes whole files that way (27 MB and 9.5 MB), which kept ~26 MB of RSS
	 * after the first start; larger buffers are now freed after use (docs/operations.md,
	 * "Memory").</li>
	 * </ul>
	 */
	static void jdkDefaults() {
		if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
			System.setProperty("jdk.httpclient.allowRestrictedHeaders", "content-length");
		}
		if (System.getProperty("jdk.nio.maxCachedBufferSize") == null) {
			System.setProperty("jdk.nio.maxCachedBufferSize", MAX_CACHED_BUFFER);
		}
	}

}
