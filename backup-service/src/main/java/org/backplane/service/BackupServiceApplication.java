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

	public static void main(String[] args) {
		// Before any JDK HttpClient reads it: lets the Azure SDK set Content-Length (see storage-providers.md)
		if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
			System.setProperty("jdk.httpclient.allowRestrictedHeaders", "content-length");
		}
		SpringApplication.run(BackupServiceApplication.class, args);
	}

}
