package org.backplane.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK settings the service sets before it starts, unless given on the command line.
 */
class JdkDefaultsTests {

	private static final String HEADERS = "jdk.httpclient.allowRestrictedHeaders";

	private static final String BUFFERS = "jdk.nio.maxCachedBufferSize";

	private String headers;

	private String buffers;

	@BeforeEach
	void remember() {
		this.headers = System.getProperty(HEADERS);
		this.buffers = System.getProperty(BUFFERS);
	}

	@AfterEach
	void restore() {
		set(HEADERS, this.headers);
		set(BUFFERS, this.buffers);
	}

	@Test
	void setsBothWhenUnset() {
		System.clearProperty(HEADERS);
		System.clearProperty(BUFFERS);
		BackupServiceApplication.jdkDefaults();
		assertThat(System.getProperty(HEADERS)).isEqualTo("content-length");
		assertThat(System.getProperty(BUFFERS)).isEqualTo("262144");
	}

	@Test
	void keepsValuesGivenOnTheCommandLine() {
		System.setProperty(HEADERS, "content-length,host");
		System.setProperty(BUFFERS, "1048576");
		BackupServiceApplication.jdkDefaults();
		assertThat(System.getProperty(HEADERS)).isEqualTo("content-length,host");
		assertThat(System.getProperty(BUFFERS)).isEqualTo("1048576");
	}

	private static void set(String key, String value) {
		if (value == null) {
			System.clearProperty(key);
		}
		else {
			System.setProperty(key, value);
		}
	}

}
