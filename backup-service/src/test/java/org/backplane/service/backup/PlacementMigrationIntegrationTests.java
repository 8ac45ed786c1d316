package org.backplane.service.backup;

import java.io.IOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V4 moves the placement a backup recorded as URL-encoded text (V3) into a JSON column,
 * and a catalogue written by an earlier version keeps its placements, decoded exactly.
 */
class PlacementMigrationIntegrationTests {

	@Test
	void placementsRecordedAsEncodedTextBecomeJsonObjects() throws IOException {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			Flyway v3 = Flyway.configure()
				.dataSource(postgres.getPostgresDatabase())
				.locations("classpath:db/migration")
				.target("3")
				.load();
			v3.migrate();
			JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
			insert(jdbc, "placed-1", "S3_BUCKET_NAME=team-a&S3_ENDPOINT_URL=http%3A%2F%2F127.0.0.1%3A9000%2F"
					+ "&AWS_REGION=eu-west-1&CONTAINER_NAME=caf%C3%A9+bar");
			insert(jdbc, "unplaced-1", null);
			insert(jdbc, "empty-1", "");
			Flyway.configure()
				.dataSource(postgres.getPostgresDatabase())
				.locations("classpath:db/migration")
				.load()
				.migrate();
			assertThat(placement(jdbc, "placed-1"))
				.containsExactlyInAnyOrderEntriesOf(Map.of("S3_BUCKET_NAME", "team-a", "S3_ENDPOINT_URL",
						"http://127.0.0.1:9000/", "AWS_REGION", "eu-west-1", "CONTAINER_NAME", "café bar"));
			assertThat(placement(jdbc, "unplaced-1")).isEmpty();
			assertThat(placement(jdbc, "empty-1")).isEmpty();
			assertThat(jdbc.queryForObject(
					"select count(*) from information_schema.columns where table_name = 'backup' and column_name = 'storage_parameters'",
					Integer.class))
				.as("the text column is gone")
				.isZero();
		}
	}

	private static void insert(JdbcTemplate jdbc, String id, String parameters) {
		jdbc.update("""
				insert into backup (id, label, status, row_version, service_version, storage_location, storage_uri,
				  created_at, updated_at, storage_parameters)
				values (?, 'lbl', 'STATUS_READY', 0, '0.1.0', 'default', 's3://b', now(), now(), ?)
				""", id, parameters);
	}

	private static Map<String, String> placement(JdbcTemplate jdbc, String id) {
		String json = jdbc.queryForObject("select storage_placement::text from backup where id = ?", String.class, id);
		return JsonMapper.builder().build().readValue(json, new TypeReference<Map<String, String>>() {
		});
	}

}
