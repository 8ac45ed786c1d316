package org.backplane.service.restore;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.backplane.client.BackplaneClient;
import org.backplane.client.model.BackupStatus;
import org.backplane.client.model.CreateBackupRequest;
import org.backplane.client.model.RestoreStatus;
import org.backplane.service.support.Caller;
import org.backplane.service.support.Role;
import org.backplane.service.testsupport.ServiceHomeProperties;
import org.backplane.service.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RestoreService} called by other code than the API (plans, the CLI's server
 * side): the lists it is given may be immutable.
 */
@ServiceIntegrationTest
class RestoreServiceIntegrationTests extends ServiceHomeProperties {

	@LocalServerPort
	int port;

	@Autowired
	RestoreService restores;

	@Test
	void restoresComponentsNamedInAnImmutableList() {
		BackplaneClient client = BackplaneClient.builder(URI.create("http://127.0.0.1:" + this.port)).build();
		String id = client.createBackup(new CreateBackupRequest("immutable", List.of("alpha"))).id();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getBackup(id).status() != BackupStatus.STATUS_BACKING_UP);
		assertThat(client.getBackup(id).status()).isEqualTo(BackupStatus.STATUS_READY);
		// List.of: contains(null) throws NullPointerException on it
		Restore restore = this.restores.create(new Caller("test", Role.ADMIN), id, List.of("alpha"), "overwrite", null,
				null);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> client.getRestore(id, restore.getId()).status() != RestoreStatus.STATUS_RESTORING);
		assertThat(client.getRestore(id, restore.getId()).status()).isEqualTo(RestoreStatus.STATUS_READY);
	}

}
