package org.backplane.service.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.backplane.service.BackupServiceApplication;
import org.backplane.service.testsupport.ServiceHome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Unknown keys and bad values fail start-up with a message that names the key.
 */
class ConfigurationIntegrationTests {

	private static final Path HOME = ServiceHome.newDirectory("config");

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"--backplane.stroage.location=file:///tmp/x|backplane.stroage",
			"--backplane.components.snap.type=directory;--backplane.components.snap.pathz[0]=/tmp|backplane.components.snap",
			"--backplane.components.snap.type=directory;--backplane.components.snap.paths[0]=relative/dir|backplane.components.snap",
			"--backplane.components.snap.type=tape|Unknown component type 'tape'",
			"--backplane.components.snap.paths[0]=/tmp|Missing backplane.components.snap.type",
			"--backplane.components.Bad_Name.type=directory;--backplane.components.Bad_Name.paths[0]=/tmp|component name",
			"--backplane.components.snap.type=directory;--backplane.components.snap.paths[0]=/tmp;--backplane.components.snap.restore-policy=merge|merge",
			"--backplane.storage.location=ftp://host/dir|Unsupported storage location",
			"--backplane.storage.location=file:relative|backplane.storage.location",
			"--backplane.storage.default-location=mars|backplane.storage.default-location",
			"--backplane.runner.threads=0|threads",
			"--backplane.runner.stale-after=1s|stale-after" })
	void failsStartUpNamingTheBadKey(String args, String expected) {
		List<String> all = new ArrayList<>(List.of(args.split(";")));
		all.add("--backplane.home=" + HOME);
		all.add("--server.port=0");
		assertThatThrownBy(() -> new SpringApplicationBuilder(BackupServiceApplication.class)
			.web(WebApplicationType.NONE)
			.run(all.toArray(String[]::new))
			.close()).satisfies((ex) -> {
				StringBuilder messages = new StringBuilder();
				for (Throwable t = ex; t != null; t = t.getCause()) {
					messages.append(t.getMessage()).append('\n');
				}
				org.assertj.core.api.Assertions.assertThat(messages.toString()).contains(expected);
			});
	}

}
