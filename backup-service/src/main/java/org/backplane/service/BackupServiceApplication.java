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
		SpringApplication.run(BackupServiceApplication.class, args);
	}

}
