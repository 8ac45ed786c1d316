package org.backplane.service.backup;

import java.io.IOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V5 and V6 add who started each backup and restore ({@code created_by}) and where each
 * backup's data went ({@code storage_bucket}, {@code storage_endpoint}) to a catalogue
 * written by an earlier version: its rows keep everything they had, and the new columns
 * are null ("not recorded"), never a made-up name.
 */
class CreatedByMigrationIntegrationTests {

	@Test
	void rowsOfAV4CatalogueKeepTheirDataAndShowWhoAndWhereAsNotRecorded() throws IOException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			Flyway.configure()
				.dataSource(postgres.getPostgresDatabase())
				.locations("classpath:db/migration")
				.target("4")
				.load()
				.migrate();
			JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
			jdbc.update("""
					insert into backup (id, label, status, row_version, service_version, storage_location, storage_uri,
					  created_at, updated_at, storage_placement)
					values ('old-1', 'old', 'STATUS_READY', 0, '0.1.0', 'default', 's3://b', now(), now(),
					  '{"S3_BUCKET_NAME": "team-a"}'::jsonb)
					""");
			jdbc.update("""
					insert into restore (id, backup_id, status, row_version, created_at, updated_at)
					values ('restore:old', 'old-1', 'STATUS_READY', 0, now(), now())
					""");
			Flyway.configure()
				.dataSource(postgres.getPostgresDatabase())
				.locations("classpath:db/migration")
				.load()
				.migrate();
			Map<String, Object> backup = jdbc.queryForMap(
					"select label, storage_placement::text as placement, created_by, storage_bucket, storage_endpoint "
							+ "from backup where id = 'old-1'");
			assertThat(backup).containsEntry("label", "old")
				.containsEntry("placement", "{\"S3_BUCKET_NAME\": \"team-a\"}")
				.containsEntry("created_by", null)
				.containsEntry("storage_bucket", null)
				.containsEntry("storage_endpoint", null);
			assertThat(jdbc.queryForMap("select status, created_by from restore where id = 'restore:old'"))
				.containsEntry("status", "STATUS_READY")
				.containsEntry("created_by", null);
			jdbc.update("update restore set created_by = 'alice' where id = 'restore:old'");
			assertThat(jdbc.queryForObject("select created_by from restore", String.class)).isEqualTo("alice");
		}
	}

}
